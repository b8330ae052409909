package gitlabci

import (
	"testing"
)

func TestEvalExpr(t *testing.T) {
	mrFork, mr, pushDefault, pushOther, tag := situations[0], situations[1], situations[3], situations[2], situations[4]
	user := func(n string) (string, bool) {
		v, ok := map[string]string{"DEPLOY": "yes", "TPL": "$X"}[n]
		return v, ok
	}
	tests := []struct {
		expr string
		s    situation
		want tri
	}{
		{`$CI_PIPELINE_SOURCE == "merge_request_event"`, mr, tTrue},
		{`$CI_PIPELINE_SOURCE == 'merge_request_event'`, pushDefault, tFalse},
		{`$CI_PIPELINE_SOURCE != "push"`, pushDefault, tFalse},
		{`$CI_PIPELINE_SOURCE =~ /^(push|web)$/`, pushDefault, tTrue},
		{`$CI_PIPELINE_SOURCE !~ /^MERGE/i`, mr, tFalse},
		{`$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`, pushDefault, tTrue},
		{`$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`, pushOther, tFalse},
		{`$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`, mr, tFalse},
		{`$CI_COMMIT_BRANCH == "main"`, pushDefault, tTrue},
		{`$CI_COMMIT_BRANCH == "main"`, pushOther, tFalse},
		{`$CI_COMMIT_BRANCH == "develop"`, pushOther, tUnknown},
		{`$CI_COMMIT_BRANCH =~ /^ma/`, pushDefault, tTrue},
		{`$CI_COMMIT_BRANCH =~ /^main$/`, pushDefault, tUnknown},
		{`$CI_COMMIT_BRANCH =~ /^release/`, pushDefault, tFalse},
		{`$CI_COMMIT_TAG`, tag, tTrue},
		{`$CI_COMMIT_TAG`, pushDefault, tFalse},
		{`$CI_COMMIT_TAG == null`, pushDefault, tTrue},
		{`$CI_COMMIT_TAG != null`, tag, tTrue},
		{`$CI_MERGE_REQUEST_IID`, mr, tTrue},
		{`$CI_MERGE_REQUEST_IID == "3"`, mr, tUnknown},
		{`$CI_MERGE_REQUEST_EVENT_TYPE`, mr, tUnknown},
		{`$CI_MERGE_REQUEST_IID`, pushOther, tFalse},
		{`$CI_MERGE_REQUEST_SOURCE_PROJECT_ID != $CI_MERGE_REQUEST_PROJECT_ID`, mrFork, tTrue},
		{`$CI_MERGE_REQUEST_SOURCE_PROJECT_ID != $CI_MERGE_REQUEST_PROJECT_ID`, mr, tFalse},
		{`$CI_PROJECT_PATH == "acme/app"`, mr, tTrue},
		{`$CI_PROJECT_PATH == "acme/app"`, mrFork, tFalse},
		{`$CI_PROJECT_NAMESPACE != "acme"`, mrFork, tTrue},
		{`$CI_COMMIT_REF_PROTECTED == "true"`, mrFork, tFalse},
		{`$CI_OPEN_MERGE_REQUESTS`, pushOther, tUnknown},
		{`$DEPLOY == "yes" && $CI_COMMIT_TAG`, tag, tTrue},
		{`$DEPLOY == "no" || ($CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH)`, pushOther, tTrue},
		{`$TPL`, pushOther, tUnknown},
		{`$UNSET_BY_FILE == "x"`, pushOther, tUnknown},
		{`${CI_PIPELINE_SOURCE} == "schedule"`, situations[5], tTrue},
		{`$CI_PIPELINE_SOURCE == `, pushOther, tUnknown},
		{`($CI_COMMIT_TAG`, tag, tUnknown},
		{`$CI_COMMIT_BRANCH =~ /(/`, pushOther, tUnknown},
		{`"a" == "a"`, pushOther, tTrue},
		{`null == $CI_COMMIT_TAG`, pushOther, tTrue},
		{`$ == "a"`, pushOther, tUnknown},
	}
	for _, tt := range tests {
		if got := evalExpr(tt.expr, tt.s, user); got != tt.want {
			t.Errorf("%s in %+v = %d, want %d", tt.expr, tt.s, got, tt.want)
		}
	}
}

func TestRefMatches(t *testing.T) {
	mr, pushDefault, pushOther, tag, sched := situations[1], situations[3], situations[2], situations[4], situations[5]
	tests := []struct {
		ref  string
		s    situation
		want tri
	}{
		{"branches", pushOther, tTrue}, {"branches", mr, tFalse}, {"branches", tag, tFalse}, {"branches", sched, tTrue},
		{"tags", tag, tTrue}, {"tags", pushDefault, tFalse},
		{"merge_requests", mr, tTrue}, {"merge_requests", pushDefault, tFalse},
		{"schedules", sched, tTrue}, {"web", situations[6], tTrue}, {"api", situations[7], tTrue},
		{"triggers", situations[8], tTrue}, {"pipelines", situations[10], tTrue}, {"pushes", pushOther, tTrue},
		{"external_pull_requests", pushOther, tFalse}, {"chat", pushOther, tFalse},
		{"main", pushDefault, tTrue}, {"main", pushOther, tFalse}, {"main", mr, tFalse}, {"develop", pushOther, tUnknown},
		{"/^release/", pushDefault, tFalse}, {"/^release/", pushOther, tUnknown}, {"v1.0", tag, tUnknown},
	}
	for _, tt := range tests {
		if got := refMatches(tt.ref, tt.s); got != tt.want {
			t.Errorf("%s in %+v = %d, want %d", tt.ref, tt.s, got, tt.want)
		}
	}
}

func TestDindStore(t *testing.T) {
	tests := []struct {
		tag, command, driver string
		want                 string
	}{
		{"29-dind", "", "", "true"},
		{"29.1.3-dind-rootless", "", "", "true"},
		{"30-dind", "", "", "true"},
		{"28.5-dind", "", "", "false"},
		{"20.10.16-dind", "", "", "false"},
		{"dind", "", "", "unknown"},
		{"stable-dind", "", "", "unknown"},
		{"29-dind", "", "overlay2", "unknown"},
		{"29-dind", "", "overlayfs", "true"},
		{"29-dind", "--storage-driver=vfs", "", "unknown"},
		{"29-dind", "--feature containerd-snapshotter=false", "", "false"},
		{"24-dind", "--feature containerd-snapshotter", "", "true"},
		{"29x-dind", "", "", "unknown"},
	}
	for _, tt := range tests {
		got := "unknown"
		if s := dindStore(tt.tag, tt.command, tt.driver); s != nil {
			got = map[bool]string{true: "true", false: "false"}[*s]
		}
		if got != tt.want {
			t.Errorf("dindStore(%q, %q, %q) = %s, want %s", tt.tag, tt.command, tt.driver, got, tt.want)
		}
	}
	for img, want := range map[string][2]string{
		"docker:29-dind": {"docker", "29-dind"}, "docker.io/library/docker:24.0.7-dind": {"docker", "24.0.7-dind"},
		"registry.example:5000/mirror/docker:dind": {"docker", "dind"}, "docker": {"docker", ""}, "docker@sha256:abc": {"docker", ""},
		"registry.example:5000/docker": {"docker", ""},
	} {
		if b, tag := splitImage(img); b != want[0] || tag != want[1] {
			t.Errorf("splitImage(%q) = %q %q, want %q", img, b, tag, want)
		}
	}
}

func TestExpandVars(t *testing.T) {
	vars := map[string]string{"A": "a", "B": "b/$A"}
	var lookup func(string) (string, bool)
	lookup = func(n string) (string, bool) {
		v, ok := vars[n]
		if !ok {
			return "", false
		}
		return expandVars(v, lookup), true
	}
	for in, want := range map[string]string{
		"$A-${B}": "a-b/a", "$$A": "$A", "$CI_X:${CI_Y}": "$CI_X:${CI_Y}", "${A": "${A", "$": "$", "x$-y": "x$-y",
	} {
		if got := expandVars(in, lookup); got != want {
			t.Errorf("expandVars(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGlobAndLocalPath(t *testing.T) {
	for p, want := range map[string]bool{"ci/a.yml": true, "ci/x/a.yml": false, "ci/a.yaml": false} {
		if globRegexp("ci/*.yml").MatchString(p) != want {
			t.Errorf("ci/*.yml on %s: want %v", p, want)
		}
	}
	for p, want := range map[string]bool{"ci/a.yml": true, "ci/x/y/a.yml": true, "a.yml": false} {
		if globRegexp("ci/**/*.yml").MatchString(p) != want {
			t.Errorf("ci/**/*.yml on %s: want %v", p, want)
		}
	}
	for in, want := range map[string]string{"/ci/a.yml": "ci/a.yml", "ci/./a.yml": "ci/a.yml", "ci/../a.yml": "a.yml", "../a.yml": "", "ci/../../a.yml": "", "/": ""} {
		got, ok := localPath(in)
		if got != want || ok != (want != "") {
			t.Errorf("localPath(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
}
