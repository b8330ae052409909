package script

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/interop/internal/testgen"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/validate"
)

// TestRead: the builds of scripts, their values with positions, the
// builder; constants resolved, other expansions kept.
func TestRead(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		diags     []string // rule@line
	}{
		{"a build",
			"#!/bin/sh\ndocker buildx build --cache-from type=gha,scope=app --cache-to type=gha,scope=app,mode=max .\n",
			[]string{"buildx build at line 2 []: from type=gha,scope=app @2:34; to type=gha,scope=app,mode=max @2:64"}, nil},
		{"quoted and continued",
			"docker buildx build \\\n  --cache-to \"type=registry,ref=ghcr.io/o/a:cache\" \\\n  --cache-from='type=registry,ref=ghcr.io/o/a:cache' .\n",
			[]string{"buildx build at line 1 []: from type=registry,ref=ghcr.io/o/a:cache @3:17~; to type=registry,ref=ghcr.io/o/a:cache @2:15"}, nil},
		{"constants resolved, templates kept",
			"set -eu\nIMAGE=ghcr.io/o/app\nreadonly CACHE=\"type=registry,ref=${IMAGE}:cache\"\nexport MODE=max\n: \"${SCOPE:=app}\"\n" +
				"docker buildx build --cache-from \"$CACHE\" --cache-to \"$CACHE,mode=$MODE\" --cache-to type=gha,scope=$SCOPE --cache-to \"type=gha,scope=$GITHUB_REF_NAME\" .\n",
			[]string{"buildx build at line 6 []: from type=registry,ref=ghcr.io/o/app:cache @6:35~; to type=registry,ref=ghcr.io/o/app:cache,mode=max @6:55~; to type=gha,scope=app @6:85~; to type=gha,scope=$GITHUB_REF_NAME @6:119"}, nil},
		{"a variable of flags, split",
			"CACHE_ARGS=\"--cache-from type=gha,scope=a --cache-to type=gha,scope=a,mode=max\"\ndocker buildx build $CACHE_ARGS .\n",
			[]string{"buildx build at line 2 []: from type=gha,scope=a @2:21~; to type=gha,scope=a,mode=max @2:21~"}, nil},
		{"not constant",
			"C=type=gha\nif [ -n \"$X\" ]; then C=type=local,src=/tmp/c; fi\ndocker buildx build --cache-from $C .\n",
			[]string{"buildx build at line 3 []: from $C @3:34"}, nil},
		{"builder created",
			"docker buildx create --use --name ci\ndocker buildx build --cache-to type=gha,scope=a .\n",
			[]string{"buildx build at line 2 [docker-container]: to type=gha,scope=a @2:32"}, nil},
		{"default builder",
			"docker buildx use default\ndocker build --cache-to type=gha,scope=a .\n",
			[]string{"buildx build at line 2 [docker]: to type=gha,scope=a @2:25"}, nil},
		{"bake, buildctl, compose",
			"docker buildx bake --set '*.cache-to=type=gha,scope=b' app\nbuildctl build --export-cache type=inline --output type=image,name=x,push=true\ndocker compose build --push\n",
			[]string{"buildx bake at line 1 []: to type=gha,scope=b @1:38", "buildctl build at line 2 []: to type=inline @2:31"}, nil},
		{"in functions and loops",
			"build() {\n  for p in amd64 arm64; do\n    docker buildx build --cache-to \"type=gha,scope=$p\" .\n  done\n}\nbuild\n",
			[]string{"buildx build at line 3 []: to type=gha,scope=$p @3:37"}, nil},
		{"no cache flag",
			"docker buildx build -t x .\nif then fi (\n", nil, nil},
		{"refused",
			"#!/bin/bash\ndocker buildx build --cache-to type=gha .\nif true; then\n  echo x\n",
			nil, []string{"UnparsableScript@3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := source.ParseOne(Reader, "ci/build.sh", []byte(tt.src))
			var got []string
			for _, b := range f.Builds {
				got = append(got, testgen.DescribeBuild(b))
				if b.Origin != validate.OriginCommandLine || b.CI.Provider != "" || b.Step != validate.StepUnknown || b.Source.Group != "ci/build.sh" {
					t.Errorf("%s: origin %v ci %+v step %v group %q", b.Name, b.Origin, b.CI, b.Step, b.Source.Group)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("builds:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			var ds []string
			for _, d := range f.Diagnostics {
				ds = append(ds, fmt.Sprintf("%s@%d", d.Rule, d.Range.Start.Line))
				if d.Range.File != "ci/build.sh" || !strings.Contains(d.Message, "cannot parse this script") {
					t.Errorf("%v", d)
				}
			}
			if !slices.Equal(ds, tt.diags) {
				t.Errorf("diagnostics %q, want %q", ds, tt.diags)
			}
		})
	}
}

// TestMovedDirs: the directories the script moves are the builds'
// MovedDirs (the local cache rotation of a script).
func TestMovedDirs(t *testing.T) {
	f := source.ParseOne(Reader, "b.sh", []byte("docker buildx build --cache-from type=local,src=/tmp/c --cache-to type=local,dest=/tmp/c-new .\nrm -rf /tmp/c\nmv /tmp/c-new /tmp/c\n"))
	if len(f.Builds) != 1 || !slices.Equal(f.Builds[0].MovedDirs, []string{"/tmp/c-new"}) {
		t.Fatalf("%+v", f.Builds)
	}
}

// TestNotText: a binary file is unreadable, not a script.
func TestNotText(t *testing.T) {
	f := source.ParseOne(Reader, "b.sh", []byte("docker buildx build --cache-to type=gha\x00"))
	if len(f.Diagnostics) != 1 || f.Diagnostics[0].Rule != validate.UnreadableFile.Name {
		t.Fatalf("%+v", f.Diagnostics)
	}
}
