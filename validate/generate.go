package validate

//go:generate go test -run ^TestRulesDoc$ -update
