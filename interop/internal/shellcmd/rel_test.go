package shellcmd

import "testing"

// TestCallRel: a call's paths relative to the repository's root, for a
// script run in a directory: a script from that directory, make's -C from
// it and -f from -C; paths that leave the repository, or are absolute, are
// refused.
func TestCallRel(t *testing.T) {
	for _, tt := range []struct {
		c         Call
		dir, p, d string
		ok        bool
	}{
		{Call{Path: "./ci/build.sh"}, "", "ci/build.sh", "", true},
		{Call{Path: "build.sh"}, "tools", "tools/build.sh", "tools", true},
		{Call{Path: "../x.sh"}, "tools", "x.sh", "tools", true},
		{Call{Path: "../../x.sh"}, "tools", "../x.sh", "tools", false},
		{Call{Make: true}, "", "", "", true},
		{Call{Make: true, Dir: "deploy", Path: "docker.mk"}, "", "deploy/docker.mk", "deploy", true},
		{Call{Make: true, Dir: "..", Path: "a.mk"}, "sub", "a.mk", "", true},
		{Call{Make: true, Dir: ".."}, "", "", "..", false},
		{Call{Make: true, Path: "/abs/a.mk"}, "", "/abs/a.mk", "", false},
	} {
		p, d, ok := tt.c.Rel(tt.dir)
		if p != tt.p || d != tt.d || ok != tt.ok {
			t.Errorf("%+v in %q: %q %q %v, want %q %q %v", tt.c, tt.dir, p, d, ok, tt.p, tt.d, tt.ok)
		}
	}
	for s, want := range map[string]bool{"make image": true, "./x": true, "run.sh": true, "docker buildx bake": true, "echo hi": false} {
		if MentionsCall(s) != want {
			t.Errorf("MentionsCall(%q) != %v", s, want)
		}
	}
	for s, want := range map[string]bool{"cd sub": true, "pushd x": true, "popd": true, "echo hi": false} {
		if MentionsDirChange(s) != want {
			t.Errorf("MentionsDirChange(%q) != %v", s, want)
		}
	}
}

// TestCallOff: Calls gives each call the byte offset of its first word.
func TestCallOff(t *testing.T) {
	src := "echo a\n  ./ci/b.sh && make -C d x\n"
	f, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	cs := Calls(f, src, Options{})
	if len(cs) != 2 || src[cs[0].Off:cs[0].Off+9] != "./ci/b.sh" || src[cs[1].Off:cs[1].Off+4] != "make" {
		t.Fatalf("calls %+v", cs)
	}
}
