package workflow

import (
	"slices"
	"testing"

	"github.com/buildxcache/buildxcache/validate"
)

// TestPowerShellSteps: run: steps that run in PowerShell (shell: pwsh or
// powershell, defaults.run.shell of the job or workflow, or a Windows
// runner's default, runs-on given by a matrix included) are not parsed as
// POSIX shell: no UnparsableRunScript, one UnlintedPowerShellScript info
// per step, and the POSIX legs are still read.
func TestPowerShellSteps(t *testing.T) {
	// a PowerShell line continuation and pipeline, which a POSIX parser
	// refuses
	ps := "docker buildx build --cache-to type=gha,scope=app `\n            --cache-from type=gha,scope=app . | Out-Host; if ($LASTEXITCODE -ne 0) { exit 1 }\n"
	posix := "docker buildx build --cache-to type=gha,scope=app --cache-from type=gha,scope=app .\n"
	tests := []struct {
		name   string
		data   string
		info   int      // UnlintedPowerShellScript diagnostics
		builds []string // names of the builds read
	}{
		{"shell: pwsh", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - shell: pwsh\n        run: |\n            " + ps, 1, nil},
		{"shell: powershell", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - shell: powershell\n        run: |\n            " + ps, 1, nil},
		{"job defaults", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    defaults:\n      run:\n        shell: pwsh\n    steps:\n      - run: |\n            " + ps, 1, nil},
		{"workflow defaults", "on: push\ndefaults:\n  run:\n    shell: pwsh\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n            " + ps, 1, nil},
		{"windows runner", "on: push\njobs:\n  b:\n    runs-on: windows-2022\n    steps:\n      - run: |\n            " + ps, 1, nil},
		{"windows in a label list", "on: push\njobs:\n  b:\n    runs-on: [self-hosted, Windows, x64]\n    steps:\n      - run: |\n            " + ps, 1, nil},
		{"windows from the matrix", "on: push\njobs:\n  b:\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-latest]\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: |\n            " + posix, 1, []string{"b (ubuntu-latest): buildx build"}},
		{"windows from a matrix include", "on: push\njobs:\n  b:\n    strategy:\n      matrix:\n        include:\n          - runner: windows-latest\n    runs-on: ${{ matrix.runner }}\n    steps:\n      - run: |\n            " + ps, 1, nil},
		// what says bash wins over the runner and the defaults
		{"shell: bash on windows", "on: push\njobs:\n  b:\n    runs-on: windows-latest\n    steps:\n      - shell: bash\n        run: |\n            " + posix, 0, []string{"b: buildx build"}},
		{"job bash over workflow pwsh", "on: push\ndefaults:\n  run:\n    shell: pwsh\njobs:\n  b:\n    runs-on: ubuntu-latest\n    defaults:\n      run:\n        shell: bash\n    steps:\n      - run: |\n            " + posix, 0, []string{"b: buildx build"}},
		{"linux runner", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n            " + posix, 0, []string{"b: buildx build"}},
		{"python", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - shell: python\n        run: |\n            print('--cache-to')\n", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse(".github/workflows/ci.yml", []byte(tt.data))
			info := 0
			for _, d := range f.Diagnostics {
				switch d.Rule {
				case validate.UnlintedPowerShellScript.Name:
					info++
					if d.Severity != validate.SeverityInfo || d.Range.Start.Line == 0 {
						t.Errorf("diagnostic %s", d)
					}
				default:
					t.Errorf("unexpected %s", d)
				}
			}
			var names []string
			for _, b := range f.Builds {
				names = append(names, b.Name)
			}
			if info != tt.info || !slices.Equal(names, tt.builds) {
				t.Errorf("%d infos, builds %q; want %d, %q", info, names, tt.info, tt.builds)
			}
		})
	}
}
