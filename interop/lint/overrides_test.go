package lint

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/buildxcache/buildxcache/diag"
	"github.com/buildxcache/buildxcache/interop/source"
	"github.com/buildxcache/buildxcache/interop/workflow"
	"github.com/buildxcache/buildxcache/validate"
)

func bakeBuild(name, group string, from, to []string) validate.Build {
	src := &validate.Source{Group: group, Def: diag.Range{File: "docker-bake.hcl"}}
	for range from {
		src.CacheFrom = append(src.CacheFrom, diag.Span{File: "docker-bake.hcl", Start: diag.Pos{Line: 2, Col: 3}})
	}
	for range to {
		src.CacheTo = append(src.CacheTo, diag.Span{File: "docker-bake.hcl", Start: diag.Pos{Line: 3, Col: 3}})
	}
	return validate.Build{Name: name, CacheFrom: from, CacheTo: to, Source: src}
}

// TestSelectTargets: no target is bake's default (a group, or a target
// of that name), a group gives its targets, a target itself; each target
// once, unknown names none.
func TestSelectTargets(t *testing.T) {
	all := []validate.Build{
		bakeBuild("app", "default", nil, nil),
		bakeBuild("web", "default", nil, nil),
		bakeBuild("app", "all", nil, nil),
		bakeBuild("tool", "target tool", nil, nil),
	}
	tests := []struct {
		names []string
		want  string
	}{
		{nil, "app/default web/default"},
		{[]string{"all"}, "app/all"},
		{[]string{"tool", "app"}, "tool/target tool app/default"},
		{[]string{"default", "all"}, "app/default web/default"},
		{[]string{"nothing"}, ""},
	}
	for _, tt := range tests {
		var got []string
		for _, b := range selectTargets(all, tt.names) {
			got = append(got, b.Name+"/"+b.Source.Group)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%q: %q, want %q", tt.names, got, tt.want)
		}
	}
	if selectTargets([]validate.Build{bakeBuild("default", "target default", nil, nil)}, nil)[0].Name != "default" {
		t.Error("a target named default is the default")
	}
}

// TestApplyOverrides: bake's --set on the cache: a value replaces the
// file's list (several values for one key all replace it), += appends,
// an empty value clears it; the pattern is a name, a glob or a group;
// output sets push and load as its type says, push and load set them,
// tags replace the tags; the call's --push applies to every target; the
// values are placed where the override is written.
func TestApplyOverrides(t *testing.T) {
	at := func(line int) diag.Span {
		return diag.Span{File: "ci.yml", Start: diag.Pos{Line: line, Col: 5}, Exact: true}
	}
	all := []validate.Build{bakeBuild("app", "default", []string{"type=gha,scope=app"}, []string{"type=gha,scope=app,mode=max"}), bakeBuild("web", "front", nil, nil)}
	yes := true
	tests := []struct {
		name string
		sets []source.Set
		push *bool
		want string
	}{
		{"none", nil, nil, "from [type=gha,scope=app@docker-bake.hcl:2] to [type=gha,scope=app,mode=max@docker-bake.hcl:3] push=? load=? tags=[]"},
		{"replace", []source.Set{{Key: "app.cache-to", Value: "type=registry,ref=r", At: at(7)}, {Key: "app.cache-to", Value: "type=inline", At: at(8)}}, nil,
			"from [type=gha,scope=app@docker-bake.hcl:2] to [type=registry,ref=r@ci.yml:7 type=inline@ci.yml:8] push=? load=? tags=[]"},
		{"append with a glob", []source.Set{{Key: "*.cache-from+", Value: "type=registry,ref=r", At: at(9)}}, nil,
			"from [type=gha,scope=app@docker-bake.hcl:2 type=registry,ref=r@ci.yml:9] to [type=gha,scope=app,mode=max@docker-bake.hcl:3] push=? load=? tags=[]"},
		{"clear", []source.Set{{Key: "app.cache-to", Value: "", At: at(4)}}, nil, "from [type=gha,scope=app@docker-bake.hcl:2] to [] push=? load=? tags=[]"},
		{"a group", []source.Set{{Key: "default.cache-from", Value: "type=local,src=x", At: at(5)}}, nil,
			"from [type=local,src=x@ci.yml:5] to [type=gha,scope=app,mode=max@docker-bake.hcl:3] push=? load=? tags=[]"},
		{"another target", []source.Set{{Key: "web.cache-to", Value: "type=inline", At: at(5)}, {Key: "front.cache-from", Value: "x", At: at(6)}}, nil,
			"from [type=gha,scope=app@docker-bake.hcl:2] to [type=gha,scope=app,mode=max@docker-bake.hcl:3] push=? load=? tags=[]"},
		{"output", []source.Set{{Key: "app.output", Value: "type=registry", At: at(5)}}, nil, "from [type=gha,scope=app@docker-bake.hcl:2] to [type=gha,scope=app,mode=max@docker-bake.hcl:3] push=true load=? tags=[]"},
		{"output appended", []source.Set{{Key: "app.output+", Value: "type=docker", At: at(5)}}, nil, "from [type=gha,scope=app@docker-bake.hcl:2] to [type=gha,scope=app,mode=max@docker-bake.hcl:3] push=? load=true tags=[]"},
		{"push and load", []source.Set{{Key: "*.push", Value: "true", At: at(5)}, {Key: "app.load", Value: "false", At: at(6)}, {Key: "app.tags", Value: "r:1", At: at(7)}}, nil,
			"from [type=gha,scope=app@docker-bake.hcl:2] to [type=gha,scope=app,mode=max@docker-bake.hcl:3] push=true load=false tags=[r:1]"},
		{"the call's push", nil, &yes, "from [type=gha,scope=app@docker-bake.hcl:2] to [type=gha,scope=app,mode=max@docker-bake.hcl:3] push=true load=? tags=[]"},
		{"no key", []source.Set{{Key: "cache-to", Value: "x", At: at(5)}, {Key: "app.args.X", Value: "1", At: at(6)}}, nil,
			"from [type=gha,scope=app@docker-bake.hcl:2] to [type=gha,scope=app,mode=max@docker-bake.hcl:3] push=? load=? tags=[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := fmt.Sprint(all[0].CacheTo, all[0].Source.CacheTo)
			b := applyOverrides(all[0], workflow.Call{Sets: tt.sets, Push: tt.push}, all)
			show := func(vals []string, spans []diag.Span) string {
				var out []string
				for i, v := range vals {
					out = append(out, fmt.Sprintf("%s@%s:%d", v, spans[i].File, spans[i].Start.Line))
				}
				return "[" + strings.Join(out, " ") + "]"
			}
			got := fmt.Sprintf("from %s to %s push=%s load=%s tags=%v", show(b.CacheFrom, b.Source.CacheFrom), show(b.CacheTo, b.Source.CacheTo), boolText(b.Push), boolText(b.Load), b.Tags)
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if fmt.Sprint(all[0].CacheTo, all[0].Source.CacheTo) != orig {
				t.Error("the file's build was changed")
			}
		})
	}
}

// TestWithoutReplaced: a build whose values are all overrides that were
// applied is dropped; one with another value, or none, is kept.
func TestWithoutReplaced(t *testing.T) {
	sp := func(line int) diag.Span { return diag.Span{File: "ci.yml", Start: diag.Pos{Line: line, Col: 3}} }
	builds := []validate.Build{
		{Name: "set", CacheTo: []string{"a"}, Source: &validate.Source{CacheTo: []diag.Span{sp(1)}}},
		{Name: "mixed", CacheTo: []string{"a", "b"}, Source: &validate.Source{CacheTo: []diag.Span{sp(1), sp(2)}}},
		{Name: "none", Source: &validate.Source{}},
		{Name: "unplaced", CacheTo: []string{"a", "b"}, Source: &validate.Source{CacheTo: []diag.Span{sp(1)}}},
	}
	var got []string
	for _, b := range withoutReplaced(builds, map[string]bool{spanKey(sp(1)): true}) {
		got = append(got, b.Name)
	}
	if !slices.Equal(got, []string{"mixed", "none", "unplaced"}) {
		t.Errorf("kept %v", got)
	}
	if len(withoutReplaced(builds, nil)) != 4 {
		t.Error("nothing replaced drops nothing")
	}
}
