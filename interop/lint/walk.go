package lint

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/buildxcache/buildxcache/interop/source"
)

// walkTree walks the directory root for discovery, calling file for every
// regular file (its path under root, and its name) and problem for what
// cannot be read, so that nothing is skipped in silence:
//
//   - a symbolic link is followed when its target is inside root's tree
//     (a file is taken as the kind its link's name says; a directory is
//     walked under the link's path); one that is dangling, a loop, or
//     points outside the tree (a file a pull request links to, such as a
//     runner's credentials, is not read) is a problem when its name is that
//     of a file to lint, else a note (a directory outside the tree, a
//     dangling link of another name);
//   - each directory is walked once, whatever links lead to it, so a link
//     to an ancestor cannot loop;
//   - a FIFO, a device or a socket whose name is that of a file to lint is
//     reported, never opened;
//   - a directory that cannot be listed is reported, and skipDirs are not
//     descended into.
func walkTree(root string, file func(p, name string), problem func(p, msg string), note func(string)) {
	top, err := filepath.EvalSymlinks(root)
	if err != nil {
		problem(root, "cannot read: "+err.Error())
		return
	}
	if abs, err := filepath.Abs(top); err == nil {
		top = abs
	}
	walked := map[string]bool{}
	var walk func(dir, real string)
	walk = func(dir, real string) {
		if walked[real] {
			return
		}
		walked[real] = true
		entries, err := os.ReadDir(dir)
		if err != nil {
			problem(dir, "cannot read: "+err.Error())
		}
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			mode := e.Type()
			target := filepath.Join(real, e.Name())
			if mode&fs.ModeSymlink != 0 {
				t, err := filepath.EvalSymlinks(p)
				if err == nil {
					t, err = filepath.Abs(t)
				}
				var st fs.FileInfo
				if err == nil {
					st, err = os.Stat(t)
				}
				switch {
				case err != nil:
					// dangling or a loop: a problem when the name is that
					// of a file to lint, else a note
					if kindByName(p) != 0 {
						problem(p, "a symbolic link that cannot be followed ("+linkError(err)+"); not read")
					} else {
						note(p + ": a symbolic link that cannot be followed (" + linkError(err) + "); not read")
					}
					continue
				case !within(top, t):
					msg := "a symbolic link to " + t + ", outside the tree linted (" + top + "); not followed: name the target to lint it"
					if kindByName(p) != 0 {
						problem(p, msg)
					} else if st.IsDir() {
						note(p + ": " + msg)
					}
					continue
				}
				mode, target = st.Mode().Type(), t
			}
			switch {
			case mode.IsDir():
				if skipDirs[e.Name()] {
					continue
				}
				walk(p, target)
			case mode.IsRegular():
				file(p, e.Name())
			default:
				if kindByName(p) != 0 {
					problem(p, "it is "+source.FileKind(mode)+", not a regular file; not read")
				}
			}
		}
	}
	walk(root, top)
}

// linkError is err's reason, without the path it repeats.
func linkError(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// within reports whether path is top or under it.
func within(top, path string) bool {
	rel, err := filepath.Rel(top, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
