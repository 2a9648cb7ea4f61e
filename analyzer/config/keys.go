package config

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/textpos"
	"github.com/velo-lsp/velo-lsp/catalog"
)

// Key declares one key of the configuration file (or of one of its nested
// objects): its documentation and how its value is read. Keys, ExtraEventKeys
// and FieldKeys are the only source of truth for both the parser and the
// generated documentation (Markdown).
type Key struct {
	Name     string
	Type     string // the JSON type, as documented
	Default  string // the value when the key is absent, as documented ("" when Required)
	Required bool
	Doc      string // one or two sentences of Markdown

	// parse reads v into target (*File, *ExtraEvent or *catalog.Field);
	// at names the key in messages ("extraEvents[0].handler").
	parse func(p *parser, at string, v *value, target any)
}

// Keys are the top-level keys of `.velo-lsp.json`.
var Keys = []Key{
	{
		Name: "rules", Type: "object: rule → level",
		Default: "`{}`: every rule at its default level",
		Doc: "Level of each named rule: `off`, `info`, `warning` or `error`. A rule is named by its id " +
			"(`VELO001`, any case) or its name (`unknown-handler`); `off` disables it.",
		parse: parseRules,
	},
	{
		Name: "packageRoots", Type: "array of strings",
		Default: "`" + jsonList(analyzer.DefaultPackageRoots()) + "`",
		Doc: "Slash globs, relative to the root, that match the directories holding Velo packages; " +
			"each package's `backend/events.js` is judged as a package events file. Replaces the built-in list.",
		parse: parsePackageRoots,
	},
	{
		Name: "ignore", Type: "array of strings", Default: "`[]`",
		Doc:   "Paths to skip, as gitignore patterns relative to the root, in addition to the `.gitignore` files.",
		parse: parseIgnore,
	},
	{
		Name: "extraEvents", Type: "array of objects", Default: "`[]`",
		Doc: "Events a team knows of before the catalog does; their handlers are then accepted, completed " +
			"and described like the catalog's own. Each entry's keys are listed below.",
		parse: parseExtraEvents,
	},
	{
		Name: "maxFileSize", Type: "integer (bytes)", Default: fmt.Sprintf("`%d` (1 MiB)", analyzer.DefaultMaxFileSize),
		Doc:   "Files larger than this are not parsed; each one gets a single diagnostic instead.",
		parse: parseMaxFileSize,
	},
	{
		Name: "looseFiles", Type: "string", Default: "`\"judge\"`",
		Doc: "What to do with an events file that belongs to no site (no `wix.config.json` above it, not in " +
			"a site's `src/backend/` or `backend/` folder, such as `velo/events.js` in a repository of copies): " +
			"`judge` checks it as a site's events file and says once, as info, where it stands (VELO022); " +
			"`error` reports that as an error; `ignore` leaves such files alone.",
		parse: parseLooseFiles,
	},
}

// ExtraEventKeys are the keys of one "extraEvents" entry.
var ExtraEventKeys = []Key{
	{
		Name: "module", Type: "string", Required: true,
		Doc: "The Velo module that fires the event, e.g. `wix-billing-backend`.",
		parse: func(p *parser, at string, v *value, t any) {
			if s, ok := p.nonEmpty(at, v); ok {
				t.(*ExtraEvent).Module = s
			}
		},
	},
	{
		Name: "handler", Type: "string", Required: true,
		Doc:   "The exact handler name, `<prefix>_on<Event>`, e.g. `wixBilling_onInvoiceRefunded`.",
		parse: parseHandler,
	},
	{
		Name: "event", Type: "string", Default: "the handler's part after `_`",
		Doc:   "The event name, e.g. `onInvoiceRefunded`; when given it must match the handler.",
		parse: parseEvent,
	},
	{
		Name: "payloadType", Type: "string", Default: "`\"\"`",
		Doc: "The type name of the event object, shown in hover.",
		parse: func(p *parser, at string, v *value, t any) {
			if s, ok := p.str(at, v); ok {
				t.(*ExtraEvent).PayloadType = s
			}
		},
	},
	{
		Name: "fields", Type: "array of objects", Default: "`[]`",
		Doc: "The payload's fields, for completion after `event.` and for hover; each entry's keys are listed below.",
		// parse is set in init: FieldKeys refers to itself.
	},
	{
		Name: "docsUrl", Type: "string (http or https URL)", Default: "`\"\"`",
		Doc: "Where the event is documented; shown in hover and completion.",
		parse: func(p *parser, at string, v *value, t any) {
			if s, ok := p.httpURL(at, v); ok {
				t.(*ExtraEvent).DocsURL = s
			}
		},
	},
}

// FieldKeys are the keys of one payload field (in "fields", nesting).
var FieldKeys = []Key{
	{
		Name: "name", Type: "string", Required: true, Doc: "The member name, e.g. `invoiceId`.",
		parse: func(p *parser, at string, v *value, t any) {
			if s, ok := p.nonEmpty(at, v); ok {
				t.(*catalog.Field).Name = s
			}
		},
	},
	{
		Name: "type", Type: "string", Default: "`any`", Doc: "The display type, e.g. `string`, `Date`, `Invoice`.",
		parse: func(p *parser, at string, v *value, t any) {
			if s, ok := p.str(at, v); ok {
				t.(*catalog.Field).Type = s
			}
		},
	},
	{
		Name: "array", Type: "boolean", Default: "`false`", Doc: "The member is an array of `type`.",
		parse: func(p *parser, at string, v *value, t any) {
			if b, ok := p.boolean(at, v); ok {
				t.(*catalog.Field).Array = b
			}
		},
	},
	{
		Name: "optional", Type: "boolean", Default: "`false`", Doc: "The member may be absent.",
		parse: func(p *parser, at string, v *value, t any) {
			if b, ok := p.boolean(at, v); ok {
				t.(*catalog.Field).Optional = b
			}
		},
	},
	{
		Name: "doc", Type: "string", Default: "`\"\"`", Doc: "One line shown in completion and hover.",
		parse: func(p *parser, at string, v *value, t any) {
			if s, ok := p.str(at, v); ok {
				t.(*catalog.Field).Doc = s
			}
		},
	},
	{
		Name: "fields", Type: "array of objects", Default: "`[]`", Doc: "Members of an object type, with these same keys.",
		// parse is set in init: FieldKeys refers to itself.
	},
}

func init() {
	keyByName(ExtraEventKeys, "fields").parse = func(p *parser, at string, v *value, t any) {
		t.(*ExtraEvent).Fields = p.fields(at, v)
	}
	keyByName(FieldKeys, "fields").parse = func(p *parser, at string, v *value, t any) {
		t.(*catalog.Field).Fields = p.fields(at, v)
	}
}

// jsonList renders strings as a JSON array, for the documentation.
func jsonList(ss []string) string {
	b, _ := json.Marshal(ss)
	return strings.ReplaceAll(string(b), ",", ", ")
}

func keyByName(keys []Key, name string) *Key {
	for i := range keys {
		if keys[i].Name == name {
			return &keys[i]
		}
	}
	panic("config: no key " + name) // programming error, caught by every test
}

// Levels are the values "rules" accepts, in rank order.
var Levels = []analyzer.Severity{analyzer.SeverityOff, analyzer.SeverityInfo, analyzer.SeverityWarning, analyzer.SeverityError}

// eventPattern is the shape of an event name.
var eventPattern = regexp.MustCompile(`^on[A-Z]\w*$`)

// parser collects the problems of one file.
type parser struct {
	file *File
	errs Errors
}

func (p *parser) errorf(off int, key, format string, args ...any) {
	line, col := 0, 0
	if p.file.idx != nil {
		line, col = p.file.idx.Position(off, textpos.UTF16)
	}
	p.errs = append(p.errs, &Error{
		File: p.file.Path, Offset: off, Line: line + 1, Column: col + 1, Key: key,
		Msg: fmt.Sprintf(format, args...),
	})
}

func join(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

// object reads the members of v (an object) with keys: an unknown key or a
// missing required key is an error.
func (p *parser) object(v *value, at string, keys []Key, target any) {
	seen := map[string]bool{}
	for _, m := range v.members {
		var k *Key
		for i := range keys {
			if keys[i].Name == m.key {
				k = &keys[i]
			}
		}
		if k == nil {
			names := make([]string, len(keys))
			for i, k := range keys {
				names[i] = k.Name
			}
			msg := fmt.Sprintf("unknown key %q", m.key)
			if at != "" {
				msg = at + ": " + msg
			}
			if s := closest(m.key, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += " (known keys: " + strings.Join(names, ", ") + ")"
			}
			p.errorf(m.keyOff, join(at, m.key), "%s", msg)
			continue
		}
		seen[m.key] = true
		k.parse(p, join(at, m.key), m.val, target)
	}
	for _, k := range keys {
		if k.Required && !seen[k.Name] {
			where := at
			if where == "" {
				where = "the file"
			}
			p.errorf(v.off, join(at, k.Name), "%s: missing required key %q", where, k.Name)
		}
	}
}

func (p *parser) want(at string, v *value, k kind) bool {
	if v.kind == k {
		return true
	}
	p.errorf(v.off, at, "%s: want %s, got %s", at, k, v.kind)
	return false
}

func (p *parser) str(at string, v *value) (string, bool) {
	if !p.want(at, v, kindString) {
		return "", false
	}
	return v.str, true
}

func (p *parser) nonEmpty(at string, v *value) (string, bool) {
	s, ok := p.str(at, v)
	if ok && strings.TrimSpace(s) == "" {
		p.errorf(v.off, at, "%s: must not be empty", at)
		return "", false
	}
	return s, ok
}

func (p *parser) boolean(at string, v *value) (bool, bool) {
	if !p.want(at, v, kindBool) {
		return false, false
	}
	return v.boolean, true
}

// strs reads an array of non-empty strings, checking each with check (which
// returns a problem or "").
func (p *parser) strs(at string, v *value, check func(string) string) ([]string, bool) {
	if !p.want(at, v, kindArray) {
		return nil, false
	}
	out := []string{}
	ok := true
	for i, e := range v.elems {
		eat := fmt.Sprintf("%s[%d]", at, i)
		s, good := p.nonEmpty(eat, e)
		if !good {
			ok = false
			continue
		}
		if problem := check(s); problem != "" {
			p.errorf(e.off, eat, "%s: %q %s", eat, s, problem)
			ok = false
			continue
		}
		out = append(out, s)
	}
	return out, ok
}

func (p *parser) httpURL(at string, v *value) (string, bool) {
	s, ok := p.str(at, v)
	if !ok || s == "" {
		return s, ok
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.errorf(v.off, at, "%s: %q is not an http or https URL", at, s)
		return "", false
	}
	return s, true
}

func parseRules(p *parser, at string, v *value, t any) {
	if !p.want(at, v, kindObject) {
		return
	}
	f := t.(*File)
	names := make([]string, len(Levels))
	for i, l := range Levels {
		names[i] = string(l)
	}
	for _, m := range v.members {
		mat := at + "." + m.key
		if strings.TrimSpace(m.key) == "" {
			p.errorf(m.keyOff, mat, "%s: empty rule name", at)
			continue
		}
		s, ok := p.str(mat, m.val)
		if !ok {
			continue
		}
		level := analyzer.Severity(s)
		valid := false
		for _, l := range Levels {
			valid = valid || l == level
		}
		if !valid {
			msg := fmt.Sprintf("%s: level %q is not one of %s", mat, s, strings.Join(names, ", "))
			if c := closest(s, names); c != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", c)
			}
			p.errorf(m.val.off, mat, "%s", msg)
			continue
		}
		f.Rules = append(f.Rules, RuleLevel{Rule: m.key, Level: level, Offset: m.keyOff})
	}
}

// globProblem checks a slash glob's syntax.
func globProblem(g string) string {
	if _, err := path.Match(g, ""); err != nil {
		return "is not a valid glob"
	}
	return ""
}

func parsePackageRoots(p *parser, at string, v *value, t any) {
	roots, ok := p.strs(at, v, func(g string) string {
		switch {
		case strings.Contains(g, `\`):
			return "must use forward slashes"
		case strings.HasPrefix(g, "/"):
			return "must be relative to the root"
		}
		for _, seg := range strings.Split(g, "/") {
			if seg == ".." {
				return "must stay inside the root (no ..)"
			}
		}
		return globProblem(g)
	})
	if ok {
		t.(*File).PackageRoots = roots
	}
}

func parseIgnore(p *parser, at string, v *value, t any) {
	globs, ok := p.strs(at, v, func(g string) string {
		g = strings.TrimSuffix(strings.TrimPrefix(g, "!"), "/")
		if g == "" {
			return "is empty once its ! and trailing / are removed"
		}
		return globProblem(g)
	})
	if ok {
		t.(*File).Ignore = globs
	}
}

func parseMaxFileSize(p *parser, at string, v *value, t any) {
	if !p.want(at, v, kindNumber) {
		return
	}
	n, err := strconv.ParseInt(v.number.String(), 10, 64)
	if err != nil || n <= 0 {
		p.errorf(v.off, at, "%s: want a positive whole number of bytes, got %s", at, v.number)
		return
	}
	t.(*File).MaxFileSize = n
}

func parseLooseFiles(p *parser, at string, v *value, t any) {
	s, ok := p.str(at, v)
	if !ok {
		return
	}
	switch s {
	case analyzer.LooseJudge, analyzer.LooseIgnore, analyzer.LooseError:
		t.(*File).LooseFiles = s
	default:
		p.errorf(v.off, at, "%s: want \"judge\", \"ignore\" or \"error\", got %q", at, s)
	}
}

func parseExtraEvents(p *parser, at string, v *value, t any) {
	if !p.want(at, v, kindArray) {
		return
	}
	f := t.(*File)
	f.extraEventsOff = v.off
	seen := map[[2]string]int{}
	for i, e := range v.elems {
		eat := fmt.Sprintf("%s[%d]", at, i)
		if !p.want(eat, e, kindObject) {
			continue
		}
		before := len(p.errs)
		ev := ExtraEvent{Offset: e.off}
		p.object(e, eat, ExtraEventKeys, &ev)
		if len(p.errs) > before {
			continue
		}
		// The event, when given, must be the handler's event part.
		if ev.Event != "" {
			if part := ev.Handler[strings.IndexByte(ev.Handler, '_')+1:]; part != ev.Event {
				p.errorf(e.off, eat+".event", "%s.event: %q does not match handler %q (want %q)", eat, ev.Event, ev.Handler, part)
				continue
			}
		}
		k := [2]string{ev.Module, ev.Handler}
		if j, dup := seen[k]; dup {
			p.errorf(e.off, eat, "%s: %s in %s is already declared by extraEvents[%d]", eat, ev.Handler, ev.Module, j)
			continue
		}
		seen[k] = i
		f.ExtraEvents = append(f.ExtraEvents, ev)
	}
}

func parseHandler(p *parser, at string, v *value, t any) {
	s, ok := p.str(at, v)
	if !ok {
		return
	}
	if !catalog.HandlerPattern.MatchString(s) {
		p.errorf(v.off, at, "%s: %q is not a handler name (want <prefix>_on<Event>, e.g. wixBilling_onInvoicePaid)", at, s)
		return
	}
	t.(*ExtraEvent).Handler = s
}

func parseEvent(p *parser, at string, v *value, t any) {
	s, ok := p.str(at, v)
	if !ok {
		return
	}
	if !eventPattern.MatchString(s) {
		p.errorf(v.off, at, "%s: %q is not an event name (want on<Event>, e.g. onInvoicePaid)", at, s)
		return
	}
	t.(*ExtraEvent).Event = s
}

// fields reads an array of payload fields.
func (p *parser) fields(at string, v *value) []catalog.Field {
	if !p.want(at, v, kindArray) {
		return nil
	}
	out := []catalog.Field{}
	names := map[string]bool{}
	for i, e := range v.elems {
		eat := fmt.Sprintf("%s[%d]", at, i)
		if !p.want(eat, e, kindObject) {
			continue
		}
		fl := catalog.Field{}
		p.object(e, eat, FieldKeys, &fl)
		if fl.Name != "" && names[fl.Name] {
			p.errorf(e.off, eat+".name", "%s.name: %q is already a field here", eat, fl.Name)
			continue
		}
		names[fl.Name] = true
		if fl.Type == "" {
			fl.Type = "any"
		}
		out = append(out, fl)
	}
	return out
}

// closest returns the candidate nearest to s (same letters in another case,
// a candidate s begins, or one at most two edits away and fewer edits than
// half its length), or "".
func closest(s string, cands []string) string {
	best, bestD := "", 3
	for _, c := range cands {
		if strings.EqualFold(s, c) {
			return c
		}
		d := levenshtein(strings.ToLower(s), strings.ToLower(c))
		if d < bestD && d*2 < len(c) {
			best, bestD = c, d
		}
	}
	if best != "" || len(s) < 3 {
		return best
	}
	for _, c := range cands {
		if strings.HasPrefix(strings.ToLower(c), strings.ToLower(s)) {
			return c // "warn" → "warning"
		}
	}
	return ""
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
