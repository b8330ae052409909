package installtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

// Module is a module to publish: its path and the directory of its go.mod.
type Module struct {
	Path, Dir string
}

// Publish writes the modules at version into proxy, in the layout a file://
// GOPROXY serves and go mod download reads: <module>/@v/list and
// <version>.info, .mod and .zip. Each module's files are the files of its
// directory that git tracks or would track (untracked files included,
// ignored files left out), as they are in the working tree, so a module is
// published as a tag of the working tree would publish it. The zips are made
// with golang.org/x/mod/zip, which applies the module zip rules (files of
// nested modules and vendor directories left out).
func Publish(proxy, version string, t time.Time, mods ...Module) error {
	for _, m := range mods {
		files, err := gitFiles(m.Dir)
		if err != nil {
			return err
		}
		esc, err := module.EscapePath(m.Path)
		if err != nil {
			return err
		}
		dir := filepath.Join(proxy, filepath.FromSlash(esc), "@v")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		gomod, err := os.ReadFile(filepath.Join(m.Dir, "go.mod"))
		if err != nil {
			return err
		}
		info, err := json.Marshal(struct {
			Version string
			Time    time.Time
		}{version, t.UTC()})
		if err != nil {
			return err
		}
		var zip bytes.Buffer
		if err := modzip.Create(&zip, module.Version{Path: m.Path, Version: version}, files); err != nil {
			return fmt.Errorf("zip of %s: %w", m.Path, err)
		}
		for name, data := range map[string][]byte{
			"list":            []byte(version + "\n"),
			version + ".info": info,
			version + ".mod":  gomod,
			version + ".zip":  zip.Bytes(),
		} {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// gitFiles lists the files of dir that git tracks or would track, relative
// to dir, as module zip files.
func gitFiles(dir string) ([]modzip.File, error) {
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ".")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git ls-files in %s: %v: %s", dir, err, stderr.String())
	}
	var files []modzip.File
	for _, name := range strings.Split(string(out), "\x00") {
		if name == "" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		fi, err := os.Lstat(p)
		if os.IsNotExist(err) {
			continue // deleted in the working tree, not yet in the index
		}
		if err != nil {
			return nil, err
		}
		files = append(files, file{path: name, abs: p, info: fi})
	}
	return files, nil
}

// file is a working-tree file as golang.org/x/mod/zip reads it.
type file struct {
	path, abs string
	info      os.FileInfo
}

func (f file) Path() string                 { return f.path }
func (f file) Lstat() (os.FileInfo, error)  { return f.info, nil }
func (f file) Open() (io.ReadCloser, error) { return os.Open(f.abs) }
