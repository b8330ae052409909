package shellcmd

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

func texts(ws []Word) string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Text)
	}
	return strings.Join(out, "|")
}

// TestFind: the commands found in scripts, with their tools, values and
// builder flags, wherever they stand.
func TestFind(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // tool: from; to; builder; files; targets
	}{
		{"buildx build", "docker buildx build --cache-from type=gha --cache-to=type=gha,mode=max .", []string{"buildx build: type=gha; type=gha,mode=max; ; ; "}},
		{"docker build", "sudo docker build --cache-to type=inline .", []string{"buildx build: ; type=inline; ; ; "}},
		{"global builder flag", "docker buildx --builder ci build --cache-to type=gha .", []string{"buildx build: ; type=gha; ci; ; "}},
		{"builder flag", "docker buildx build --builder=ci --cache-to type=gha .", []string{"buildx build: ; type=gha; ci; ; "}},
		{"bake", "docker buildx bake -f a.hcl --file=b.hcl --set app.cache-to=type=gha app web", []string{"buildx bake: ; type=gha; ; a.hcl|b.hcl; app|web"}},
		{"buildctl", "buildctl --addr tcp://x build --export-cache type=inline --import-cache type=registry,ref=r", []string{"buildctl build: type=registry,ref=r; type=inline; ; ; "}},
		{"compose", "docker compose -f a.yml -p x build --builder ci --push api", []string{"compose build: ; ; ci; a.yml; api"}},
		{"docker-compose", "docker-compose --file a.yml build web", []string{"compose build: ; ; ; a.yml; web"}},
		{"not a build", "docker compose up; docker run x; buildctl prune", nil},
		{"create and use", "docker buildx create --name ci --driver kubernetes --use\ndocker buildx use default", []string{"buildx create: ; ; ; ; ", "buildx use: ; ; ; ; "}},
		{"in a function and a substitution", "f() { if true; then docker buildx build --cache-to type=gha .; fi; }\nB=$(docker buildx create --use)", []string{"buildx build: ; type=gha; ; ; ", "buildx create: ; ; ; ; "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmds, err := Commands(tt.src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range cmds {
				b := ""
				if c.Builder != nil {
					b = c.Builder.Text
				}
				got = append(got, fmt.Sprintf("%s: %s; %s; %s; %s; %s", c.Tool, texts(c.CacheFrom), texts(c.CacheTo), b, texts(c.Files), texts(c.Targets)))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestConstants: which variables a script sets to one constant value, and
// what they resolve to.
func TestConstants(t *testing.T) {
	tests := []struct {
		name, src string
		want      map[string]string
	}{
		{"plain", "A=x\nB=\"y z\"\nC='q'", map[string]string{"A": "x", "B": "y z", "C": "q"}},
		{"declarations", "export A=x\nreadonly B=y\nlocal C=z\ndeclare D=w", map[string]string{"A": "x", "B": "y", "C": "z", "D": "w"}},
		{"defaults", ": \"${A:=x}\"\nB=${B:-y}\nC=\"${C-z}\"", map[string]string{"A": "x", "B": "y", "C": "z"}},
		{"references", "R=ghcr.io/o\nI=$R/app\nC=\"type=registry,ref=${I}:cache,owner=$OWNER\"", map[string]string{"R": "ghcr.io/o", "I": "ghcr.io/o/app", "C": "type=registry,ref=ghcr.io/o/app:cache,owner=$OWNER"}},
		{"same value twice", "A=x\nif c; then A=x; fi", map[string]string{"A": "x"}},
		{"two values", "A=x\nif c; then A=y; fi", map[string]string{}},
		{"not constants", "A=$(git rev-parse HEAD)\nB=$((1+2))\nC+=x\nD=(a b)\nfor E in a b; do :; done\nread F\nG=x; unset G\ndeclare -a H=x\nI[0]=x", map[string]string{}},
		{"a cycle", "A=$B\nB=$A", map[string]string{"A": "$A", "B": "$B"}},
		{"per-command environment", "A=x docker build .", map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			got := Constants(f, tt.src, Options{})
			if tt.name == "a cycle" {
				// each resolves to the other left as a template
				if len(got) != 2 {
					t.Errorf("got %q", got)
				}
				return
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestResolvedWords: constants substituted in the words of a command,
// placed inexactly at the word's start; a lone unquoted variable split
// into fields; other expansions kept as written, exactly placed.
func TestResolvedWords(t *testing.T) {
	src := "C=type=gha,scope=app\nARGS=\"--cache-from type=gha --cache-to type=inline\"\nE=\ndocker buildx build --cache-to \"$C,mode=max\" $ARGS $E --cache-from=$OTHER .\n"
	f, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	consts := Constants(f, src, Options{})
	cmds := Find(f, src, Options{Lookup: func(n string) (string, bool) { v, ok := consts[n]; return v, ok }})
	if len(cmds) != 1 {
		t.Fatalf("%d commands", len(cmds))
	}
	c := cmds[0]
	line := strings.Index(src, "docker")
	if texts(c.CacheTo) != "type=gha,scope=app,mode=max|type=inline" || texts(c.CacheFrom) != "type=gha|$OTHER" {
		t.Fatalf("from %q to %q", texts(c.CacheFrom), texts(c.CacheTo))
	}
	if w := c.CacheTo[0]; w.Exact || w.Off != line+len("docker buildx build --cache-to \"") {
		t.Errorf("to[0] %+v", w)
	}
	if w := c.CacheTo[1]; w.Exact || w.Off != strings.Index(src, "$ARGS") {
		t.Errorf("to[1] %+v", w)
	}
	if w := c.CacheFrom[1]; !w.Exact || src[w.Off:w.Off+len(w.Text)] != "$OTHER" {
		t.Errorf("from[1] %+v", w)
	}
}

// TestBuilders: the builder of each build, followed through create, use,
// --builder and BUILDX_BUILDER; unknown (not docker) where the script does
// not show it.
func TestBuilders(t *testing.T) {
	tests := []struct {
		name, src, env string
		want           []string // driver/nodes/version/default image of each build
	}{
		{"nothing known", "docker buildx build --cache-to type=gha .", "", []string{"/0//false"}},
		{"create --use", "docker buildx create --use\ndocker buildx build .", "", []string{"docker-container/1//true"}},
		{"create --name then use", "docker buildx create --name k --driver kubernetes --driver-opt image=moby/buildkit:v0.19.2\ndocker buildx build .\ndocker buildx use k\ndocker buildx build .", "", []string{"/0//false", "kubernetes/1/v0.19.2/false"}},
		{"--builder", "docker buildx create --name a\ndocker buildx build --builder a .\ndocker buildx build --builder other .", "", []string{"docker-container/1//true", "/0//false"}},
		{"default", "docker buildx create --use\ndocker buildx use default\ndocker buildx build .", "", []string{"docker/0//false"}},
		{"append", "docker buildx create --name a --use\ndocker buildx create --name a --append tcp://x\ndocker buildx build .", "", []string{"docker-container/2//true"}},
		{"BUILDX_BUILDER", "docker buildx create --name a --driver remote\ndocker buildx build .", "a", []string{"remote/1//false"}},
		{"templated use", "docker buildx create --name a --use\ndocker buildx use \"$B\"\ndocker buildx build .", "", []string{"/0//false"}},
		{"buildctl", "docker buildx create --use\nbuildctl build --export-cache type=inline", "", []string{"/0//false"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmds, err := Commands(tt.src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			bs := NewBuilders(tt.env)
			var got []string
			for _, c := range cmds {
				if !c.IsBuild() {
					bs.Apply(c)
					continue
				}
				b := bs.Of(c)
				got = append(got, fmt.Sprintf("%s/%d/%s/%v", b.Driver, b.Nodes, b.BuildKitVersion, b.DefaultImage))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLinesSpan: a span is exact only where the value is written verbatim
// at its offset, on one line.
func TestLinesSpan(t *testing.T) {
	src := "ab\ncd ef\n"
	l := NewLines("f", src)
	if p := l.Pos(6); p.Line != 2 || p.Col != 4 || p.Offset != 6 {
		t.Errorf("pos %+v", p)
	}
	if s := l.Span(6, "ef", true); !s.Exact || s.Start.Line != 2 {
		t.Errorf("span %+v", s)
	}
	for _, tc := range []struct {
		off  int
		text string
	}{{6, "eg"}, {1, "b\ncd"}, {7, "ef"}, {-1, "x"}} {
		if s := l.Span(tc.off, tc.text, true); s.Exact {
			t.Errorf("%d %q: exact", tc.off, tc.text)
		}
	}
}

// TestConstantsBounded: variables that double at every level stop being
// constants past maxValue, instead of growing without end.
func TestConstantsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("A0=xx\n")
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, "A%d=$A%d$A%d\n", i, i-1, i-1)
	}
	src := b.String()
	f, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	c := Constants(f, src, Options{})
	if len(c["A10"]) != 2<<10 || len(c["A60"]) > maxValue {
		t.Errorf("A10 %d bytes, A60 %d", len(c["A10"]), len(c["A60"]))
	}
}
