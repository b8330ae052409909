package lint

import (
	"io"
	"strconv"
	"strings"

	"github.com/buildxcache/buildxcache/validate"
)

// GitHubWriter writes one GitHub Actions workflow command per diagnostic,
// which the runner shows as an annotation on the file and line:
//
//	::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=Rule::message
//
// Errors are "error", warnings "warning" and info "notice". The message is
// followed by the fixes, one per line. Values are escaped as the runner
// requires: "%", CR and LF in the message, and also ":" and "," in the
// properties; other control characters are replaced by their escaped text.
// Paths are made relative to Base (the repository root, where annotations
// are placed) when they are under it. Lines and columns that are unknown are
// left out, and so is the end when it is not after the start.
type GitHubWriter struct {
	Base string
}

// Write implements Writer.
func (g GitHubWriter) Write(w io.Writer, r Result) error {
	var b strings.Builder
	for _, d := range r.Diagnostics {
		d = sanitized(r.secrets.printed(d), true)
		b.WriteString("::")
		b.WriteString(githubLevel(d.Severity))
		var props []string
		if d.Range.File != "" {
			props = append(props, "file="+githubProperty(relURI(g.Base, d.Range.File)))
		}
		if st := d.Range.Start; st.Line > 0 {
			props = append(props, "line="+strconv.Itoa(st.Line))
			if st.Col > 0 {
				props = append(props, "col="+strconv.Itoa(st.Col))
			}
			if en := d.Range.End; en.Line > st.Line || en.Line == st.Line && en.Col > st.Col {
				props = append(props, "endLine="+strconv.Itoa(en.Line))
				if st.Col > 0 && en.Col > 0 {
					props = append(props, "endColumn="+strconv.Itoa(en.Col))
				}
			}
		}
		props = append(props, "title="+githubProperty(d.Rule))
		b.WriteByte(' ')
		b.WriteString(strings.Join(props, ","))
		b.WriteString("::")
		msg := d.Message
		for _, f := range d.Fixes {
			if t := fixText(f); t != "" {
				msg += "\nfix: " + t
			}
		}
		b.WriteString(githubData(msg))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// githubLevel names the workflow command of a severity.
func githubLevel(s validate.Severity) string {
	switch s {
	case validate.SeverityError:
		return "error"
	case validate.SeverityWarning:
		return "warning"
	}
	return "notice"
}

// githubData escapes a workflow command's message, as the runner's
// ActionCommand unescapes it.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a workflow command's property value.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
