package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"

	"github.com/buildxcache/buildxcache/validate"
)

// One issue of a GitLab code quality report.
type gitlabIssue struct {
	Type        string         `json:"type"`
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Categories  []string       `json:"categories"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end"`
}

// GitLabWriter writes a GitLab code quality report (artifacts:reports:
// codequality): a JSON array with one issue per diagnostic, with its
// description (the message and the fixes), check_name (the rule), severity
// ("critical" for errors, "major" for warnings, "info" for info), location
// (the path relative to Base when it is under it, which GitLab needs
// relative to the repository root, "." for a finding placed in no file, and
// the lines, line 1 when the line is unknown) and fingerprint: the SHA-256 of the rule, path, line and message,
// stable from run to run, and made unique within a report by counting the
// repeats of one finding. Control characters other than newline and tab in
// names and messages are replaced by their escaped text.
type GitLabWriter struct {
	Base string
}

// Write implements Writer.
func (g GitLabWriter) Write(w io.Writer, r Result) error {
	out := make([]gitlabIssue, 0, len(r.Diagnostics))
	seen := map[string]int{}
	for _, d := range r.Diagnostics {
		d = sanitized(r.secrets.printed(d), true)
		path := relURI(g.Base, d.Range.File)
		if path == "" {
			path = "." // placed in no file: the repository
		}
		begin, end := max(d.Range.Start.Line, 1), max(d.Range.End.Line, d.Range.Start.Line, 1)
		desc := d.Message
		for _, f := range d.Fixes {
			if t := fixText(f); t != "" {
				desc += "\nfix: " + t
			}
		}
		key := d.Rule + "\x00" + path + "\x00" + strconv.Itoa(begin) + "\x00" + d.Message
		n := seen[key]
		seen[key]++
		if n > 0 {
			key += "\x00" + strconv.Itoa(n)
		}
		sum := sha256.Sum256([]byte(key))
		out = append(out, gitlabIssue{
			Type: "issue", Description: desc, CheckName: d.Rule, Fingerprint: hex.EncodeToString(sum[:]),
			Severity: gitlabSeverity(d.Severity), Categories: []string{"Bug Risk"},
			Location: gitlabLocation{Path: path, Lines: gitlabLines{Begin: begin, End: end}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// gitlabSeverity names a severity as GitLab code quality does.
func gitlabSeverity(s validate.Severity) string {
	switch s {
	case validate.SeverityError:
		return "critical"
	case validate.SeverityWarning:
		return "major"
	}
	return "info"
}
