// Package installtest proves that the buildxcache command installs as its
// users install it. [Publish] writes both modules at a version into a local
// file-based module proxy, and the test runs go install ...@version against
// that proxy with an empty module cache and no workspace, as go install
// fetches a tagged release, then runs the installed command.
package installtest
