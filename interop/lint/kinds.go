package lint

// The kinds of the files reached from workflows that are not discovered
// as targets of their own: local composite actions, and workflows that
// run only when another workflow calls them.
const (
	Action           Kind = 64 + iota // a local composite action (action.yml)
	ReusableWorkflow                  // a workflow whose only trigger is workflow_call
)

// moreKinds names the kinds of kinds.go.
var moreKinds = map[Kind]string{Action: "action", ReusableWorkflow: "reusable-workflow"}
