package analyzer

import (
	"runtime"
	"sort"
	"strings"
	"sync"
	"weak"

	"github.com/velo-lsp/velo-lsp/analyzer/jsparse"
	"github.com/velo-lsp/velo-lsp/catalog"
)

var rulePayloadField = &Rule{
	ID:       "VELO050",
	Name:     "unknown-payload-field",
	Title:    "Read of a field the event's payload does not have",
	Severity: SeverityWarning,
	Since:    "0.2.0",
	roles:    eventsRoles,
	Run:      runPayloadReads,
	Doc: RuleDoc{
		What: "Reports, in a handler whose event the catalog describes, a read of a member its payload does not " +
			"have: `event.x`, `event?.x`, `event['x']`, destructuring (`const { x } = event`, `function h({ x })`, " +
			"nested patterns) and local aliases (`const e = event; e.x`), as deep as the catalog knows the payload. " +
			"It says what the payload has and, when the value is elsewhere, where: `event.data.order`. Nothing is " +
			"reported where the catalog does not know the shape (a type it lacks, `Object`, `any`), on writes, " +
			"on computed keys, or when the parameter is reassigned or shadowed.",
		Why: "The handler is called, but the read gives `undefined`: the code falls back silently " +
			"(`event.entity || event`) or does nothing useful, and nothing says so, because the editor types " +
			"`event` as `any`.",
		Example: "```js\nexport function wixEcom_onOrderCanceled(event) {\n  const order = event.entity;\n}\n```",
		Fix: "Read the field where the payload has it (`event.data.order`); the quick fix in the editor writes the " +
			"path when there is one answer. `check --fix` never applies it: it changes what the code does.",
	},
}

// shape is what the catalog knows of a payload value: its fields, when it
// is an object the catalog describes. A shape without fields is a leaf or
// an object of unknown shape: nothing below it is judged.
type shape struct {
	typ    string
	array  bool
	fields map[string]*shape
	order  []string // field names as the catalog lists them
}

func (s *shape) known() bool { return s != nil && len(s.fields) > 0 }

// payloadShape merges the payloads of every event a handler name receives
// (a legacy module and its v2 successor can share one): a member is absent
// only when no payload has it. It is nil when some payload is unknown.
func payloadShape(evs []*catalog.Event) *shape {
	root := &shape{}
	for _, e := range evs {
		if len(e.Fields) == 0 {
			return nil
		}
		if root.typ == "" {
			root.typ = e.PayloadType
		} else if root.typ != e.PayloadType {
			root.typ = "the payload"
		}
		mergeFields(root, e.Fields)
	}
	return root
}

// shapes caches the merged shape of the events a handler name receives
// (one, or a legacy module's and its successor's), built once per catalog
// and shared by every handler of every file: a shape is never changed once
// built. The keys are weak and an entry goes with its first event, so a
// catalog rebuilt for a settings change takes its shapes with it.
var shapes sync.Map // shapeKey → *shape (nil: a payload is unknown)

// shapeKey names the events of a handler name, in the catalog's order.
type shapeKey [4]weak.Pointer[catalog.Event]

// handlerShape is payloadShape, from the cache.
func handlerShape(evs []*catalog.Event) *shape {
	if len(evs) == 0 || len(evs) > len(shapeKey{}) {
		return payloadShape(evs)
	}
	var key shapeKey
	for i, e := range evs {
		key[i] = weak.Make(e)
	}
	if s, ok := shapes.Load(key); ok {
		return s.(*shape)
	}
	s := payloadShape(evs)
	if _, loaded := shapes.LoadOrStore(key, s); !loaded {
		runtime.AddCleanup(evs[0], func(k shapeKey) { shapes.Delete(k) }, key)
	}
	return s
}

func mergeFields(s *shape, fields []catalog.Field) {
	if s.fields == nil {
		s.fields = map[string]*shape{}
	}
	for _, f := range fields {
		c := s.fields[f.Name]
		if c == nil {
			c = &shape{typ: f.Type, array: f.Array}
			s.fields[f.Name] = c
			s.order = append(s.order, f.Name)
		}
		if len(f.Fields) > 0 {
			mergeFields(c, f.Fields)
		}
	}
}

// runPayloadReads judges the member reads of every handler's payload
// parameter.
func runPayloadReads(p *Pass) {
	// One buffer holds each handler's code tokens in turn (a reader keeps
	// none once it is done): copying them afresh per handler was a fifth of
	// a 2,000-line file's allocations.
	var buf []jsparse.Token
	for i := range p.file.Exports {
		e := &p.file.Exports[i]
		if e.TypeOnly || e.Value != jsparse.ValueFunction || e.Body.Start < 0 || e.Params.Start < 0 {
			continue
		}
		evs := p.cat.Lookup(e.Name)
		if len(evs) == 0 {
			continue
		}
		root := handlerShape(evs)
		if !root.known() {
			continue // unknown is not absent
		}
		r := &payloadReader{p: p, handler: e.Name, event: evs[0], root: root, toks: buf[:0]}
		r.run(e.Params, e.Body)
		buf = r.toks
	}
}

type payloadReader struct {
	p       *Pass
	handler string
	event   *catalog.Event
	root    *shape
	ts      *jsparse.Tokens // the file's tokens (for values)
	toks    []jsparse.Token // code tokens of the parameters and the body
}

// val is the value of code token k; word reports whether it spells w.
func (r *payloadReader) val(k int) string          { return r.ts.Value(r.toks[k]) }
func (r *payloadReader) word(k int, w string) bool { return r.ts.IsWord(r.toks[k], w) }

// binding is a name that holds (part of) the payload.
type binding struct {
	path []string // from the payload to the value the name holds
	at   *shape
}

func (r *payloadReader) run(params, body jsparse.Range) {
	r.ts = r.p.tokens()
	r.toks = codeTokens(r.toks[:0], r.ts.List, params.Start, body.End)
	if len(r.toks) == 0 || !r.toks[0].Is(jsparse.OpLParen) && r.toks[0].Kind != jsparse.TokIdent {
		return
	}
	names := map[string]binding{}
	// The first parameter: a name or a destructuring pattern.
	i := 0
	if r.toks[0].Is(jsparse.OpLParen) {
		i = 1
	}
	switch {
	case i < len(r.toks) && r.toks[i].Kind == jsparse.TokIdent:
		names[r.val(i)] = binding{at: r.root}
	case i < len(r.toks) && r.toks[i].Is(jsparse.OpLBrace):
		r.pattern(i, nil, r.root, names)
	default:
		return
	}
	// The parameter (or an alias) reassigned or declared again anywhere in
	// the body: what it holds is no longer known.
	bodyStart := 0
	for k := range r.toks {
		if r.toks[k].Start >= body.Start {
			bodyStart = k
			break
		}
	}
	for name := range names {
		if r.rebound(name, bodyStart, -1) {
			delete(names, name)
		}
	}
	// Aliases: const a = <payload path>; and destructuring of a path.
	for k := bodyStart; k+3 < len(r.toks); k++ {
		if !(r.word(k, "const") || r.word(k, "let") || r.word(k, "var")) {
			continue
		}
		switch n := &r.toks[k+1]; {
		case n.Kind == jsparse.TokIdent && r.toks[k+2].Is(jsparse.OpAssign):
			if b, end, ok := r.pathAt(k+3, names); ok && end < len(r.toks) && endsExpression(&r.toks[end]) && !r.rebound(r.val(k+1), bodyStart, k+1) {
				names[r.val(k+1)] = b
			}
		case n.Is(jsparse.OpLBrace):
			close := matching(r.toks, k+1)
			if close > 0 && close+2 < len(r.toks) && r.toks[close+1].Is(jsparse.OpAssign) {
				if b, end, ok := r.pathAt(close+2, names); ok && end < len(r.toks) && endsExpression(&r.toks[end]) && b.at.known() {
					r.pattern(k+1, b.path, b.at, names)
				}
			}
		}
	}
	// Member reads.
	for k := bodyStart; k < len(r.toks); k++ {
		t := &r.toks[k]
		if t.Kind != jsparse.TokIdent {
			continue
		}
		if _, ok := names[r.val(k)]; !ok || k > 0 && (r.toks[k-1].Is(jsparse.OpDot) || r.toks[k-1].Is(jsparse.OpQuestionDot)) {
			continue
		}
		r.chain(k, names)
	}
}

// rebound reports whether name is assigned or declared (again) in the body:
// `name = …`, `name++`, `let name`, a parameter or function of that name;
// the token at except (the alias's own declaration) does not count.
func (r *payloadReader) rebound(name string, from, except int) bool {
	for k := from; k < len(r.toks); k++ {
		t := &r.toks[k]
		if t.Kind != jsparse.TokIdent || r.val(k) != name || k == except {
			continue
		}
		if k > 0 && (r.toks[k-1].Is(jsparse.OpDot) || r.toks[k-1].Is(jsparse.OpQuestionDot)) {
			continue
		}
		if k+1 < len(r.toks) && isAssignOp(r.toks[k+1].Op) && r.toks[k+1].Kind == jsparse.TokPunct {
			return true
		}
		if k > 0 {
			prev := &r.toks[k-1]
			if r.word(k-1, "let") || r.word(k-1, "const") || r.word(k-1, "var") || r.word(k-1, "function") ||
				r.word(k-1, "catch") || r.word(k-1, "class") || prev.Is(jsparse.OpPlusPlus) || prev.Is(jsparse.OpMinusMinus) {
				return true
			}
			if k+1 < len(r.toks) && (r.toks[k+1].Is(jsparse.OpArrow) || r.toks[k+1].Is(jsparse.OpPlusPlus) || r.toks[k+1].Is(jsparse.OpMinusMinus)) {
				return true
			}
			// A parameter of a nested function: `(… name …) =>` or `function f(… name`.
			if prev.Is(jsparse.OpLParen) || prev.Is(jsparse.OpComma) {
				if inParamList(r.ts, r.toks, k) {
					return true
				}
			}
		}
	}
	return false
}

// inParamList reports whether the identifier at k sits in the parameter
// list of a nested function (its '(' follows `function name` or the list
// is followed by `=>`).
func inParamList(ts *jsparse.Tokens, toks []jsparse.Token, k int) bool {
	open := -1
	for j, depth := k-1, 0; j >= 0; j-- {
		switch {
		case toks[j].Is(jsparse.OpRParen):
			depth++
		case toks[j].Is(jsparse.OpLParen):
			if depth == 0 {
				open = j
			} else {
				depth--
			}
		}
		if open >= 0 {
			break
		}
	}
	if open < 0 {
		return false
	}
	if open > 0 && (ts.IsWord(toks[open-1], "function") || open > 1 && ts.IsWord(toks[open-2], "function") || ts.IsWord(toks[open-1], "catch")) {
		return true
	}
	close := matching(toks, open)
	return close > 0 && close+1 < len(toks) && toks[close+1].Is(jsparse.OpArrow)
}

func isAssignOp(o jsparse.Op) bool {
	switch o {
	case jsparse.OpAssign, jsparse.OpPlusAssign, jsparse.OpMinusAssign, jsparse.OpStarAssign, jsparse.OpSlashAssign,
		jsparse.OpPercentAssign, jsparse.OpStarStarAssign, jsparse.OpShlAssign, jsparse.OpShrAssign, jsparse.OpUShrAssign,
		jsparse.OpAmpAssign, jsparse.OpBarAssign, jsparse.OpCaretAssign, jsparse.OpAmpAmpAssign, jsparse.OpBarBarAssign,
		jsparse.OpQuestionQuestionAssign:
		return true
	}
	return false
}

// endsExpression reports a token that ends a simple initializer.
func endsExpression(t *jsparse.Token) bool {
	return t.Is(jsparse.OpSemicolon) || t.Is(jsparse.OpComma) || t.Is(jsparse.OpRBrace) || t.NewlineBefore() || t.Kind == jsparse.TokEOF
}

// pathAt reads `name(.k|?.k|['k'])*` at k where name holds the payload,
// stopping at a member it cannot follow; it returns the binding reached and
// the index after the path. ok is false when k does not start such a path
// or the path leaves what the catalog knows.
func (r *payloadReader) pathAt(k int, names map[string]binding) (binding, int, bool) {
	if k >= len(r.toks) || r.toks[k].Kind != jsparse.TokIdent {
		return binding{}, k, false
	}
	b, ok := names[r.val(k)]
	if !ok {
		return binding{}, k, false
	}
	path := append([]string(nil), b.path...)
	at := b.at
	j := k + 1
	for {
		name, next, ok := r.member(j)
		if !ok {
			return binding{path: path, at: at}, j, true
		}
		if !at.known() || at.array {
			return binding{}, j, false
		}
		c := at.fields[name]
		if c == nil {
			return binding{}, j, false
		}
		path, at, j = append(path, name), c, next
	}
}

// member reads one member access at j: `.k`, `?.k` or `['k']` (a string
// literal key); it returns the key and the index after it.
func (r *payloadReader) member(j int) (string, int, bool) {
	if j+1 >= len(r.toks) {
		return "", j, false
	}
	t := &r.toks[j]
	if (t.Is(jsparse.OpDot) || t.Is(jsparse.OpQuestionDot)) && (r.toks[j+1].Kind == jsparse.TokIdent || r.toks[j+1].Kind == jsparse.TokKeyword) {
		return r.val(j + 1), j + 2, true
	}
	if t.Is(jsparse.OpQuestionDot) && r.toks[j+1].Is(jsparse.OpLBracket) {
		j++
		t = &r.toks[j]
	}
	if t.Is(jsparse.OpLBracket) && j+2 < len(r.toks) && r.toks[j+1].Kind == jsparse.TokString && r.toks[j+2].Is(jsparse.OpRBracket) {
		return r.val(j + 1), j + 3, true
	}
	return "", j, false
}

// chain judges the member chain that starts with the payload name at k.
func (r *payloadReader) chain(k int, names map[string]binding) {
	b := names[r.val(k)]
	path := append([]string(nil), b.path...)
	at := b.at
	j := k + 1
	for {
		name, next, ok := r.member(j)
		if !ok {
			return
		}
		if at.array {
			return // an array's members are its methods and indexes
		}
		if !at.known() {
			return // a leaf, or an object the catalog does not describe
		}
		c := at.fields[name]
		if c == nil {
			if isWrite(r.toks, next) {
				return
			}
			keyTok := &r.toks[next-1]
			if keyTok.Is(jsparse.OpRBracket) {
				keyTok = &r.toks[next-2]
			}
			r.report(path, name, at, Range{keyTok.Start, keyTok.End}, Range{r.toks[k].Start, keyTok.End})
			return
		}
		path, at, j = append(path, name), c, next
	}
}

// isWrite reports whether the member that ends before j is assigned to
// (`event.x = …`, `event.x += …`, `event.x++`) or deleted.
func isWrite(toks []jsparse.Token, j int) bool {
	if j < len(toks) && toks[j].Kind == jsparse.TokPunct && (isAssignOp(toks[j].Op) || toks[j].Is(jsparse.OpPlusPlus) || toks[j].Is(jsparse.OpMinusMinus)) {
		return true
	}
	return false
}

// pattern judges the keys of a destructuring pattern that starts with '{'
// at k, against the shape at; the names it binds to known objects become
// bindings (`const { data } = event; data.x`).
func (r *payloadReader) pattern(k int, path []string, at *shape, names map[string]binding) {
	close := matching(r.toks, k)
	if close < 0 || !at.known() || at.array {
		return
	}
	for j := k + 1; j < close; {
		t := &r.toks[j]
		switch {
		case t.Is(jsparse.OpEllipsis):
			return // a rest element takes the others: nothing to judge
		case t.Kind == jsparse.TokIdent || t.Kind == jsparse.TokKeyword || t.Kind == jsparse.TokString:
			key := r.val(j)
			c := at.fields[key]
			next := j + 1
			if c == nil {
				r.report(path, key, at, Range{t.Start, t.End}, Range{-1, -1})
			}
			if next < close && r.toks[next].Is(jsparse.OpColon) {
				// key: target — a nested pattern, or a new name.
				v := next + 1
				if v < close && r.toks[v].Is(jsparse.OpLBrace) {
					if c != nil {
						r.pattern(v, append(append([]string(nil), path...), key), c, names)
					}
					next = matching(r.toks, v) + 1
				} else if v < close && r.toks[v].Kind == jsparse.TokIdent {
					if c != nil {
						names[r.val(v)] = binding{path: append(append([]string(nil), path...), key), at: c}
					}
					next = v + 1
				}
			} else if c != nil && t.Kind == jsparse.TokIdent {
				names[key] = binding{path: append(append([]string(nil), path...), key), at: c}
			}
			// A default value: skip to the next ',' at this level.
			j = skipToComma(r.toks, next, close)
		default:
			j = skipToComma(r.toks, j+1, close)
		}
	}
}

// skipToComma returns the index after the next ',' at the nesting level of
// j, or end.
func skipToComma(toks []jsparse.Token, j, end int) int {
	for depth := 0; j < end; j++ {
		switch {
		case toks[j].Is(jsparse.OpLBrace) || toks[j].Is(jsparse.OpLBracket) || toks[j].Is(jsparse.OpLParen):
			depth++
		case toks[j].Is(jsparse.OpRBrace) || toks[j].Is(jsparse.OpRBracket) || toks[j].Is(jsparse.OpRParen):
			depth--
		case toks[j].Is(jsparse.OpComma) && depth == 0:
			return j + 1
		}
	}
	return end
}

// matching returns the index of the bracket that closes the one at k, or -1.
func matching(toks []jsparse.Token, k int) int {
	open := toks[k].Op
	var close jsparse.Op
	switch open {
	case jsparse.OpLBrace:
		close = jsparse.OpRBrace
	case jsparse.OpLParen:
		close = jsparse.OpRParen
	case jsparse.OpLBracket:
		close = jsparse.OpRBracket
	default:
		return -1
	}
	depth := 0
	for j := k; j < len(toks); j++ {
		if toks[j].Kind != jsparse.TokPunct {
			continue
		}
		switch toks[j].Op {
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// codeTokens appends to out the tokens in [start, end) that are not
// comments.
func codeTokens(out, toks []jsparse.Token, start, end int) []jsparse.Token {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= start })
	for ; i < len(toks) && toks[i].End <= end; i++ {
		if !toks[i].IsComment() {
			out = append(out, toks[i])
		}
	}
	return out
}

// report builds the finding for a read of `key` where the payload (at the
// member path `path`) has no such member. chain is the written range up to
// and including the key (for the quick fix), or Start < 0.
func (r *payloadReader) report(path []string, key string, at *shape, keyRange, chain Range) {
	typ := at.typ
	if len(path) == 0 {
		typ = r.root.typ
	}
	if typ == "" {
		typ = "the payload"
	}
	fields := at.order
	var list []string
	for _, f := range fields {
		list = append(list, quote(f))
		if len(list) == 8 {
			list = append(list, "…")
			break
		}
	}
	where := "event"
	if len(path) > 0 {
		where = "event." + strings.Join(path, ".")
	}
	msg := quote(r.handler) + " reads " + quote(key) + " of " + quote(where) + ", but " + quote(typ) +
		" has no " + quote(key) + "; it has " + joinAnd(list) + ", so the read gives undefined."
	target := r.locate(key, path)
	if target != "" {
		msg += " The " + friendly(key, r.event) + " is `event." + target + "`."
	} else if (key == "entity" || key == "data") && len(path) == 0 && (at.fields["_id"] != nil || at.fields["id"] != nil) {
		msg += " The event object is the " + entityNoun(r.event) + " itself: read its fields directly (`event." + firstOf(at, "_id", "id") + "`)."
	}
	msg += " See " + r.event.DocsURL
	d := r.p.diagnostic(keyRange, msg)
	if target != "" && chain.Start >= 0 && len(path) == 0 {
		// The chain starts at the parameter itself: rewrite it.
		param := strings.TrimSpace(r.p.text(jsparse.Range{Start: chain.Start, End: chain.Start + identLen(r.p.in.Text[chain.Start:chain.End])}))
		d.Fixes = []Fix{{
			Title:     "Read `" + param + "." + target + "`",
			Edits:     []Edit{{Range: chain, NewText: param + "." + target}},
			Preferred: true,
			Safe:      false, // it changes what the code does: never applied by --fix
		}}
	}
	r.p.report(d)
}

// locate finds where the value a missing key stood for is: a member of that
// name deeper in the payload, or the object the event is about (onOrderX:
// an `order` member), when there is exactly one such place.
func (r *payloadReader) locate(key string, path []string) string {
	if found := pathsWhere(r.root, 3, func(depth int, n string, _ *shape) bool {
		return depth > 0 && strings.EqualFold(n, key)
	}); len(found) == 1 {
		return found[0]
	} else if len(found) > 0 {
		return ""
	}
	if (key == "entity" || key == "data" || key == "payload" || key == "item" || key == "object") && len(path) == 0 {
		noun := entityNoun(r.event)
		if meant := pathsWhere(r.root, 2, func(_ int, n string, c *shape) bool {
			return strings.EqualFold(n, noun) && c.known()
		}); len(meant) == 1 {
			return meant[0]
		}
	}
	return ""
}

// pathsWhere walks the known members of root down to maxDepth (0 is root's
// own members) and returns the dotted path of every member for which match
// holds. The walk shares one stack of member names (stack[:depth] is the
// path to the shape being read) and joins it only on a match: a payload
// tree has hundreds of members, and a file can have many absent reads.
func pathsWhere(root *shape, maxDepth int, match func(depth int, name string, member *shape) bool) []string {
	var out []string
	stack := make([]string, 0, 8)
	var walk func(s *shape, depth int)
	walk = func(s *shape, depth int) {
		if !s.known() || depth > maxDepth {
			return
		}
		for _, n := range s.order {
			stack = append(stack[:depth], n)
			if match(depth, n, s.fields[n]) {
				out = append(out, strings.Join(stack, "."))
			}
			walk(s.fields[n], depth+1)
		}
	}
	walk(root, 0)
	return out
}

// entityNoun is the object an event is about, from its name:
// onOrderCanceled → "order", onContactCreated → "contact".
func entityNoun(e *catalog.Event) string {
	name := strings.TrimPrefix(e.Event, "on")
	for i := 1; i < len(name); i++ {
		if name[i] >= 'A' && name[i] <= 'Z' {
			return strings.ToLower(name[:1]) + name[1:i]
		}
	}
	return strings.ToLower(name)
}

func friendly(key string, e *catalog.Event) string {
	switch key {
	case "entity", "data", "payload", "item", "object":
		return entityNoun(e)
	}
	return "`" + key + "`"
}

func firstOf(s *shape, names ...string) string {
	for _, n := range names {
		if s.fields[n] != nil {
			return n
		}
	}
	return names[0]
}

// identLen is the length of the identifier at the start of b.
func identLen(b []byte) int {
	n := 0
	for n < len(b) && (b[n] == '_' || b[n] == '$' || b[n] >= '0' && b[n] <= '9' || b[n] >= 'a' && b[n] <= 'z' || b[n] >= 'A' && b[n] <= 'Z' || b[n] >= 0x80) {
		n++
	}
	return n
}
