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

	"golang.org/x/mod/modfile"
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
// published as a tag of the working tree would publish it, with one change
// that the release commit makes (scripts/release.sh): go.mod loses the
// replace directives that point at directories of this repository, which
// serve development only and which go install ...@version refuses. The zips
// are made with golang.org/x/mod/zip, which applies the module zip rules
// (files of nested modules and vendor directories left out).
func Publish(proxy, version string, t time.Time, mods ...Module) error {
	for _, m := range mods {
		gomod, err := ReleaseGoMod(filepath.Join(m.Dir, "go.mod"))
		if err != nil {
			return err
		}
		files, err := gitFiles(m.Dir, gomod)
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

// ReleaseGoMod returns the go.mod at path as a release publishes it: without
// the replace directives whose target is a directory.
func ReleaseGoMod(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := modfile.Parse(path, data, nil)
	if err != nil {
		return nil, err
	}
	for _, r := range f.Replace {
		if r.New.Version == "" { // a directory
			if err := f.DropReplace(r.Old.Path, r.Old.Version); err != nil {
				return nil, err
			}
		}
	}
	f.Cleanup()
	return f.Format()
}

// gitFiles lists the files of dir that git tracks or would track, relative
// to dir, as module zip files; go.mod is gomod.
func gitFiles(dir string, gomod []byte) ([]modzip.File, error) {
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
		f := file{path: name, abs: p, info: fi}
		if name == "go.mod" {
			f.data = gomod
		}
		files = append(files, f)
	}
	return files, nil
}

// file is a working-tree file as golang.org/x/mod/zip reads it, or, when
// data is set, that content in its place.
type file struct {
	path, abs string
	info      os.FileInfo
	data      []byte
}

func (f file) Path() string                { return f.path }
func (f file) Lstat() (os.FileInfo, error) { return sized{f.info, f.data}, nil }
func (f file) Open() (io.ReadCloser, error) {
	if f.data != nil {
		return io.NopCloser(bytes.NewReader(f.data)), nil
	}
	return os.Open(f.abs)
}

// sized reports the size of the content that replaces a file.
type sized struct {
	os.FileInfo
	data []byte
}

func (s sized) Size() int64 {
	if s.data != nil {
		return int64(len(s.data))
	}
	return s.FileInfo.Size()
}
