package analyzer

import "testing"

// AddRuleForTest adds r to the rule set until the test ends: a rule whose
// Run a test watches. Tests that use it must not run in parallel.
func AddRuleForTest(t testing.TB, r *Rule) {
	saved := allRules
	allRules = append(append([]*Rule(nil), saved...), r)
	t.Cleanup(func() { allRules = saved })
}
