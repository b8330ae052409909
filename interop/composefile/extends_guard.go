package composefile

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/compose-spec/compose-go/v2/loader"

	"github.com/buildxcache/buildxcache/interop/source"
)

// compose-go reads the files that extends: names itself (os.ReadFile,
// without a limit), so a compose file extending /dev/zero would exhaust
// memory and one extending a FIFO would hang. extendsGuard stands first
// among compose-go's resource loaders and refuses, before compose-go opens
// it, every file extends: names that is not a regular file no larger than
// source.MaxFileSize; it accepts nothing else, so that compose-go's own
// local loader resolves and reads the files it lets through.
//
// compose-go resolves a relative path against the directory of the file
// that names it, which a loader is not told; the guard checks the path
// against every directory a file read so far may be in (the compose
// file's and those of every path it let through), which includes the one
// compose-go uses.
type extendsGuard struct {
	mu   sync.Mutex
	dirs []string // the directories relative paths may be resolved against
}

// newExtendsGuard returns the guard of the compose file in dir.
func newExtendsGuard(dir string) *extendsGuard { return &extendsGuard{dirs: []string{dir}} }

// Accept reports whether path must be refused: then Load refuses it.
func (g *extendsGuard) Accept(path string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	cands := []string{path}
	if !filepath.IsAbs(path) {
		cands = cands[:0]
		for _, d := range g.dirs {
			cands = append(cands, filepath.Join(d, path))
		}
	}
	for _, c := range cands {
		if refuseExtended(c) != nil {
			return true
		}
	}
	for _, c := range cands {
		if d := filepath.Dir(c); !contains(g.dirs, d) && len(g.dirs) < maxExtendsDirs {
			g.dirs = append(g.dirs, d)
		}
	}
	return false
}

// maxExtendsDirs bounds the directories the guard tracks; an extends chain
// through more directories than that is refused.
const maxExtendsDirs = 256

// Load refuses a path Accept took.
func (g *extendsGuard) Load(_ context.Context, path string) (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	cands := []string{path}
	if !filepath.IsAbs(path) {
		cands = cands[:0]
		for _, d := range g.dirs {
			cands = append(cands, filepath.Join(d, path))
		}
	}
	for _, c := range cands {
		if err := refuseExtended(c); err != nil {
			return "", fmt.Errorf("extends: file %s: %w", path, err)
		}
	}
	return "", fmt.Errorf("extends: file %s: not read", path)
}

// Dir is not used: the guard loads nothing.
func (g *extendsGuard) Dir(path string) string { return filepath.Dir(path) }

// refuseExtended returns why the file at p must not be read, or nil (also
// when it does not exist: compose-go says so itself).
func refuseExtended(p string) error {
	st, err := os.Stat(p)
	switch {
	case err != nil:
		return nil
	case st.IsDir():
		return fmt.Errorf("is a directory; not read")
	case !st.Mode().IsRegular():
		return fmt.Errorf("is %s, not a regular file; not read", source.FileKind(st.Mode()))
	case st.Size() > source.MaxFileSize:
		return fmt.Errorf("is larger than %d MiB; not read", source.MaxFileSize>>20)
	}
	return nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

var _ loader.ResourceLoader = (*extendsGuard)(nil)
