package workflow

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/buildxcache/buildxcache/interop/internal/testgen"
	"github.com/buildxcache/buildxcache/interop/source"
)

// memoDocs are workflows whose run: scripts repeat across matrix legs,
// change with them, fail to parse, call scripts and make targets, and
// move directories: what the script memo shares or must not share.
var memoDocs = []string{
	"on: push\njobs:\n  j:\n    strategy: {matrix: {p: [a, b], v: [1, 2]}}\n    steps:\n      - run: |\n          mv cache /tmp/old\n          docker buildx build --cache-to type=gha,scope=${{ matrix.p }} --cache-from type=gha,scope=x .\n          ./ci/build.sh ${{ matrix.v }}\n      - run: docker buildx build --cache-to type=gha,scope=same --platform linux/${{ matrix.p }} .\n      - run: docker buildx build --cache-to type=gha,scope=same .\n      - run: docker buildx build --cache-to type=gha,scope=same .\n        working-directory: sub/${{ matrix.p }}\n      - run: make -C build image-${{ matrix.p }}\n",
	"on: pull_request\njobs:\n  j:\n    strategy: {matrix: {os: [ubuntu-latest, windows-latest]}}\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: docker build --cache-from a/b:c $(echo\n      - run: docker build --cache-from ${{ matrix.os }} .\n",
	"on: push\njobs:\n  j:\n    strategy: {matrix: {x: [1, 2, 3]}}\n    steps:\n      - run: 'docker buildx build --cache-to=type=registry,ref=r/x:${{ matrix.x }} . && bash scripts/${{ matrix.x }}.sh'\n      - run: 'if true; then'\n",
}

// TestScriptMemoAgrees checks that the memo of parsed run: scripts changes
// nothing: the builds, diagnostics and calls read with and without it are
// the same, on the documents above, the seed workflows and the generated
// benchmark workflows.
func TestScriptMemoAgrees(t *testing.T) {
	docs := append([]string(nil), memoDocs...)
	dir := t.TempDir()
	if err := testgen.WriteWorkflows(dir, 6); err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, ".github", "workflows", "*.yml"))
	seeds, _ := filepath.Glob("testdata/*.yml")
	for _, p := range append(paths, seeds...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(data))
	}
	builds := 0
	for i, d := range docs {
		f, calls := memoAgree(t, []byte(d))
		if f == nil {
			t.Fatalf("document %d: the memo changes what is read", i)
		}
		builds += len(f.Builds) + len(calls)
	}
	if builds == 0 {
		t.Fatal("no builds or calls read: nothing compared")
	}
}

// memoAgree reads data with and without the script memo and returns what
// was read, or nil when the two differ.
func memoAgree(t testing.TB, data []byte) (*source.File, []Call) {
	defer func() { memoScripts = true }()
	memoScripts = true
	f1, c1 := ParseWithCalls("w.yml", data)
	memoScripts = false
	f2, c2 := ParseWithCalls("w.yml", data)
	if !reflect.DeepEqual(f1, f2) || !reflect.DeepEqual(c1, c2) {
		t.Logf("with the memo: %+v %+v\nwithout: %+v %+v", f1, c1, f2, c2)
		return nil, nil
	}
	return &f1, c1
}

// FuzzScriptMemo checks on arbitrary documents that the script memo
// changes nothing that the reader returns.
func FuzzScriptMemo(f *testing.F) {
	for _, d := range memoDocs {
		f.Add([]byte(d))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if f, _ := memoAgree(t, data); f == nil {
			t.Fatal("the memo changes what is read")
		}
	})
}
