// Command actcache runs the Actions cache server of github.com/nektos/act
// (package pkg/artifactcache, the server act starts for its jobs) for
// buildxcache's end-to-end tests. It serves the cache API that
// actions/cache and BuildKit's gha backend speak with version=1, on
// 127.0.0.1 only, and stops on SIGTERM or SIGINT.
//
// Once it listens it writes two files: the base URL to give BuildKit as
// url= (act puts a random path segment in it), and a runtime token minted
// by act's own common.CreateAuthorizationToken, the JWT act hands its jobs
// as ACTIONS_RUNTIME_TOKEN. act's server does not check the token; BuildKit
// parses it for its ac, exp and nbf claims.
//
// It lives in its own module so that the repository's modules do not
// depend on act; scripts/e2e/e2e.sh builds it with GOWORK=off.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/nektos/act/pkg/artifactcache"
	"github.com/nektos/act/pkg/common"
	"github.com/sirupsen/logrus"
)

func main() {
	dir := flag.String("dir", "", "storage directory (required)")
	port := flag.Uint("port", 7080, "TCP port on 127.0.0.1")
	urlFile := flag.String("url-file", "", "file to write the base URL to (required)")
	tokenFile := flag.String("token-file", "", "file to write act's runtime token to (required)")
	flag.Parse()
	if *dir == "" || *urlFile == "" || *tokenFile == "" || *port == 0 || *port > 65535 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dir, uint16(*port), *urlFile, *tokenFile); err != nil {
		fmt.Fprintln(os.Stderr, "actcache:", err)
		os.Exit(1)
	}
}

func run(dir string, port uint16, urlFile, tokenFile string) error {
	logger := logrus.New()
	logger.SetOutput(os.Stderr)
	logger.SetLevel(logrus.DebugLevel) // one line per request, for the log file
	// the outbound address is given, so act never probes the network for one
	h, err := artifactcache.StartHandler(dir, "", "127.0.0.1", port, logger)
	if err != nil {
		return err
	}
	defer h.Close()
	token, err := common.CreateAuthorizationToken(1, 1, 1)
	if err != nil {
		return err
	}
	// act's own runner appends the slash (cmd/root.go)
	if err := writeFile(urlFile, h.ExternalURL()+"/"); err != nil {
		return err
	}
	if err := writeFile(tokenFile, token); err != nil {
		return err
	}
	logger.Infof("listening on %s", h.ExternalURL())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	<-sig
	return nil
}

// writeFile writes data to name through a temporary file and a rename, so
// a reader never sees a partial file.
func writeFile(name, data string) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), name)
}
