package validate

import (
	"regexp"
	"strings"

	"github.com/buildxcache/buildxcache/cachespec"
)

var cacheKeyChangesWithEvent = register(&Rule{
	Name: "CacheKeyChangesWithEvent", Scope: ScopeBuilds, Code: "CS113", Severity: SeverityWarning,
	Summary: "A gha scope or cache ref built from a value that differs between the writer and its readers",
	Explanation: "An export whose scope or ref holds github.sha (or github.run_id, github.event.after) writes a new place on every run, which no later run reads; on release events and tag pushes github.ref_name (github.ref, github.event.release.tag_name) is the tag, so each release writes a place the next release, with another tag, never reads; github.head_ref is empty outside pull requests, so what a push run writes is not what the pull requests read." +
		" Certain (warning) from the workflow's own events: the build's event (release, push) and triggers (a pull-request trigger for the readers of head_ref). Not reported when another build checked with it imports the same template text (a later job of the same run reading what an earlier one wrote), nor for templates other than these, which are unknown. Environment variables are templates.",
	Bad:      Build{CacheFrom: []string{"type=gha,scope=app"}, CacheTo: []string{"type=gha,scope=app-${{ github.sha }},mode=max"}, CI: CI{Provider: githubActions, Event: "push", Triggers: []string{"push"}}, Name: "image"},
	Good:     Build{CacheFrom: []string{"type=gha,scope=app"}, CacheTo: []string{"type=gha,scope=app,mode=max"}, CI: CI{Provider: githubActions, Event: "push", Triggers: []string{"push"}}, Name: "image"},
	Others:   []Build{{Name: "lint"}},
	Backing:  "GitHub Actions contexts: github.sha is the commit of the run, github.ref_name the tag on release and tag-push events, github.head_ref set only for pull_request events; igniterealtime/Openfire#3427 (a sha-suffixed export scope never imported)",
	checkSet: checkKeyChangesWithEvent,
})

var (
	perRunExpr = regexp.MustCompile(`github\.(sha|run_id|run_number|event\.after|event\.pull_request\.head\.sha)\b`)
	refExpr    = regexp.MustCompile(`github\.(ref_name|ref|event\.release\.tag_name|event\.release\.name)\b`)
	headRef    = regexp.MustCompile(`github\.head_ref\b`)
)

func checkKeyChangesWithEvent(s setPass) {
	// what the builds import, as written
	imports := map[string][]int{}
	for i, c := range s.checkers {
		for _, v := range c.values {
			if v.dir != cachespec.DirectionImport {
				continue
			}
			for _, e := range v.entries {
				keys, _ := placesOf(c.b, v, e)
				for _, k := range keys {
					imports[k] = append(imports[k], i)
				}
			}
		}
	}
	for i, c := range s.checkers {
		ci := c.b.CI
		c.each(cachespec.DirectionExport, func(v *value, e cachespec.Entry) {
			if e.Type() != cachespec.TypeGHA && e.Type() != cachespec.TypeRegistry {
				return
			}
			keys, ok := placesOf(c.b, v, e)
			if !ok || len(keys) == 0 {
				return
			}
			key := keys[0]
			for _, b := range imports[key] {
				if b != i {
					return // another build of the run reads the same text
				}
			}
			var exprs []string
			for _, t := range findTemplates(key) {
				if t.kind == kindGitHub {
					exprs = append(exprs, t.text)
				}
			}
			text := strings.Join(exprs, " ")
			msg := ""
			switch {
			case perRunExpr.MatchString(text):
				msg = "the " + what(key) + " holds " + perRunExpr.FindString(text) + ", which is new on every run: each run writes a place that no later run reads, and the cache is never used"
			case refExpr.MatchString(text) && (ci.Event == "release" || ci.Releases && ci.Event == "push"):
				msg = "on " + eventNoun(ci.Event) + " " + refExpr.FindString(text) + " is the tag, so each release writes the " + what(key) + " under its own tag, which no later run reads (the next release has another tag)"
			case headRef.MatchString(text) && ci.Event != "" && !prEvents[ci.Event] && hasPREvent(ci.Triggers):
				msg = "github.head_ref is empty on " + ci.Event + ", so this export writes another place than the pull requests, where head_ref is the branch, read"
			default:
				return
			}
			s.report(i, v, msg, Fix{Message: "build the scope or ref from what stays the same between the writer and its readers (the image name, github.event.repository.default_branch, or nothing per run), and import the same text"})
		})
	}
}

func eventNoun(ev string) string {
	if ev == "release" {
		return "release events"
	}
	return "tag pushes"
}

func hasPREvent(triggers []string) bool {
	for _, t := range triggers {
		if prEvents[t] {
			return true
		}
	}
	return false
}
