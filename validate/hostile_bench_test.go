package validate

import (
	"strconv"
	"strings"
	"testing"
)

// BenchmarkManyAttributes: a value with n unknown attributes, each
// reported at its own span (issue 15 item 11: attrSpan read the whole value
// per report, quadratic in the attributes). The time per attribute stays
// flat from 250 to 1000.
func BenchmarkManyAttributes(b *testing.B) {
	for _, n := range []int{250, 500, 1000} {
		var s strings.Builder
		s.WriteString("type=gha")
		for i := 0; i < n; i++ {
			s.WriteString(",zz" + strconv.Itoa(i) + "=v")
		}
		v := s.String()
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if ds := Check(Build{CacheTo: []string{v}}); len(ds) < n {
					b.Fatalf("%d findings", len(ds))
				}
			}
		})
	}
}
