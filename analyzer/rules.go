package analyzer

import (
	"sort"
	"strings"
)

// The rule set. Every rule is declared as a value in its own file
// (rule_<name>.go) with its documentation and its Run, and listed here;
// the engine runs them in id order (Pass.run). Ids are stable: a rule that
// is retired keeps its id forever and the id is never reused.
//
// Id blocks:
//
//	VELO001–009  handler names (catalog look-ups)
//	VELO010–019  export forms Velo never calls
//	VELO020–029  handlers in places that never fire
//	VELO030–039  files that do not load
//	VELO040–049  suppression comments
//	VELO050–059  reads of the event's payload
//	VELO090–099  files that could not be examined
//
// The list is built in init, not as the variable's initializer: rules' Run
// functions reach RuleByID (a suppression names a rule), which reads the
// list, and Go rejects such a cycle among initializers.
var allRules []*Rule

// The roles rules run on (Rule.roles).
var (
	// eventsRoles: files whose handlers are judged (Role.Judged).
	eventsRoles = []Role{RoleSiteEvents, RolePackageEvents, RoleLooseEvents}
	// nameRoles: files whose exported names are judged against the
	// catalog; a wrong name is a wrong name in a look-alike too.
	nameRoles = []Role{RoleSiteEvents, RolePackageEvents, RoleLooseEvents, RoleLookAlike}
)

// aboutBackendEvents is Wix's page on backend events: handlers are
// functions exported from backend/events.js, named after their module and
// event, and Velo packages bring their own events.js.
const aboutBackendEvents = "https://dev.wix.com/docs/develop-websites/articles/coding-with-velo/backend-code/events/about-backend-events"

func init() {
	allRules = []*Rule{
		ruleUnknownHandler,
		ruleDeprecatedEvent,
		ruleRemovedEvent,
		ruleUnverifiedHandler,
		ruleCommonJSExport,
		rulePackageReexport,
		ruleDynamicExport,
		ruleObjectWrapped,
		ruleNotAFunction,
		ruleNotExported,
		ruleSDKEventListener,
		ruleNeverFiresFile,
		ruleLooseEventsFile,
		ruleWrongFile,
		ruleSyntaxError,
		rulePayloadField,
		ruleBadSuppression,
		ruleUnusedSuppression,
		ruleFileTooLarge,
		ruleUnreadableFile,
		ruleSymlinkOutsideRoot,
		ruleInvalidEncoding,
		ruleTooDeeplyNested,
		ruleInternalError,
	}
	sort.Slice(allRules, func(i, j int) bool { return allRules[i].ID < allRules[j].ID })
}

// Rules returns every rule, sorted by ID. The slice is shared: do not modify.
func Rules() []*Rule { return allRules }

// RuleByID finds a rule by its id ("VELO001", any case) or its name
// ("unknown-handler"). It returns nil when there is none.
func RuleByID(idOrName string) *Rule {
	for _, r := range allRules {
		if strings.EqualFold(r.ID, idOrName) || r.Name == idOrName {
			return r
		}
	}
	return nil
}

// newDiagnostic fills the rule fields of a diagnostic. Severity is the
// rule's default; the configured level is applied when the result is
// finished (Config.finish).
func newDiagnostic(r *Rule, path string, rng Range, msg string) Diagnostic {
	return Diagnostic{Path: path, Range: rng, Code: r.ID, Rule: r.Name, Severity: r.Severity, Message: msg}
}
