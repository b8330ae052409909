package cachespec

import "testing"

func TestApplyBuildxEnv(t *testing.T) {
	t.Parallel()
	envOf := func(kv ...string) Env {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	tests := []struct {
		in   string
		env  Env
		want string
		keep bool
	}{
		{"type=gha", nil, "type=gha", false},
		{"type=gha", envOf("ACTIONS_RUNTIME_TOKEN", "t", "ACTIONS_CACHE_URL", "u1"), "type=gha,url=u1,token=t", true},
		{"type=gha", envOf("ACTIONS_RUNTIME_TOKEN", "t", "ACTIONS_RESULTS_URL", "r"), "type=gha,url=r,token=t", true},
		{"type=gha", envOf("ACTIONS_RUNTIME_TOKEN", "t", "ACTIONS_RESULTS_URL", "r", "ACTIONS_CACHE_SERVICE_V2", "true"), "type=gha,url=r,url_v2=r,token=t", true},
		{"type=gha", envOf("ACTIONS_RUNTIME_TOKEN", "t", "ACTIONS_RESULTS_URL", "r", "ACTIONS_CACHE_SERVICE_V2", "yes"), "type=gha,url=r,token=t", true},
		{"type=gha,version=2", envOf("ACTIONS_RUNTIME_TOKEN", "t", "ACTIONS_RESULTS_URL", "r"), "type=gha,url=r,url_v2=r,version=2,token=t", true},
		{"type=gha,token=", envOf("ACTIONS_RUNTIME_TOKEN", "t", "ACTIONS_CACHE_URL", "u"), "type=gha,url=u,token=", false},
		{"type=gha,url=x", envOf("ACTIONS_RUNTIME_TOKEN", "t", "ACTIONS_CACHE_URL", "u"), "type=gha,url=x,token=t", true},
		{"type=gha", envOf("ACTIONS_RUNTIME_TOKEN", "t"), "type=gha,token=t", false},
		{"type=local,src=x", nil, "type=local,src=x", true},
	}
	for _, tt := range tests {
		e := MustParse(tt.in)
		out, keep := ApplyBuildxEnv(e, tt.env)
		if Format(out) != tt.want || keep != tt.keep {
			t.Errorf("ApplyBuildxEnv(%q) = %q, %v; want %q, %v", tt.in, Format(out), keep, tt.want, tt.keep)
		}
		if Format(e) != tt.in {
			t.Errorf("ApplyBuildxEnv modified its argument")
		}
	}
}

func TestMapEnv(t *testing.T) {
	env := MapEnv(map[string]string{"ACTIONS_RUNTIME_TOKEN": "t", "EMPTY": ""})
	if v, ok := env("ACTIONS_RUNTIME_TOKEN"); !ok || v != "t" {
		t.Errorf("lookup = %q, %v", v, ok)
	}
	if v, ok := env("EMPTY"); !ok || v != "" {
		t.Errorf("empty = %q, %v", v, ok)
	}
	if _, ok := env("NOPE"); ok {
		t.Error("absent name found")
	}
	if _, ok := MapEnv(nil)("X"); ok {
		t.Error("nil map found a name")
	}
}
