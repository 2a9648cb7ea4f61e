package catalog

import (
	"sort"
	"strings"
	"unicode"
)

// maxSuggestions is how many near misses Suggest returns at most.
const maxSuggestions = 5

// minScore drops candidates too far from the name to help in a message.
const minScore = 0.5

// Suggest returns ranked near misses for a handler name that is not in the
// catalog, best first, at most five:
//
//   - case: the same letters in another case (wixbilling_onInvoicePaid);
//   - prefix-alias: a known wrong prefix spelling (wixEcommerce_, members_);
//   - spelling: a misspelled event or prefix (edit distance, or the event's
//     words with one missing or extra: onPaymentStatusUpdated →
//     onOrderPaymentStatusUpdated);
//   - prefix: the same event under another prefix (wixStores_onOrderCreated →
//     wixEcom_onOrderCreated), also for a name without any prefix;
//   - replacement: a removed name, or a candidate that is only deprecated or
//     removed, leads to the handler that replaces it.
//
// A name the catalog has (and that is not removed) gets no suggestions.
func (c *Catalog) Suggest(name string) []Suggestion {
	if name == "" {
		return nil
	}
	c.suggestMu.Lock()
	cached, ok := c.suggestMemo[name]
	c.suggestMu.Unlock()
	if ok {
		return append([]Suggestion(nil), cached...)
	}
	out := c.suggest(name)
	c.suggestMu.Lock()
	if c.suggestMemo == nil {
		c.suggestMemo = map[string][]Suggestion{}
	}
	if len(c.suggestMemo) < maxSuggestMemo {
		c.suggestMemo[name] = out
	}
	c.suggestMu.Unlock()
	return append([]Suggestion(nil), out...)
}

// maxSuggestMemo bounds Suggest's cache (names a long editing session or a
// large repository may ask about).
const maxSuggestMemo = 4096

func (c *Catalog) suggest(name string) []Suggestion {
	if evs := c.byHandler[name]; len(evs) > 0 {
		if !allStatus(evs, StatusRemoved) {
			return nil
		}
		s := &suggester{c: c, best: map[string]Suggestion{}}
		s.replacementOf(evs, 1.0)
		return s.result()
	}
	p, e := splitHandler(name)
	s := &suggester{c: c, best: map[string]Suggestion{}}
	lname := strings.ToLower(name)
	alias := c.aliases[p]
	if alias == "" {
		for w, real := range c.aliases {
			if strings.EqualFold(w, p) {
				alias = real
			}
		}
	}
	lp, le := strings.ToLower(p), strings.ToLower(e)
	ew := words(e)
	for i := range c.handlers() {
		hi := &c.handlerList[i]
		h, hp, he, lhp, lhe := hi.handler, hi.prefix, hi.event, hi.lprefix, hi.levent
		evs := c.byHandler[h]
		switch {
		case hi.lower == lname:
			s.add(h, evs, ReasonCase, 1.0)
			continue
		case alias != "" && alias == hp:
			if d := distance(le, lhe); le == lhe || (d <= maxEdits(len(he)) && wordsClose(ew, hi.words)) {
				s.add(h, evs, ReasonPrefixAlias, 0.97-0.04*float64(d))
				continue
			}
		}
		dp := distance(lp, lhp)
		prefixNear := p != "" && dp <= maxEdits(len(hp))/2+1 && dp < len(hp)/2
		if le == lhe {
			// Same event: a misspelled prefix, or another module's prefix.
			if prefixNear && !c.HasPrefix(p) {
				s.add(h, evs, ReasonSpelling, 0.9-0.05*float64(dp))
			} else {
				s.add(h, evs, ReasonPrefix, 0.6+0.3*similarity(lp, lhp))
			}
			continue
		}
		if !(p == hp || prefixNear) {
			continue
		}
		de := distance(le, lhe)
		if de <= maxEdits(len(he)) && wordsClose(ew, hi.words) {
			s.add(h, evs, ReasonSpelling, 0.85-0.05*float64(de+dp))
			continue
		}
		if j := wordOverlap(ew, hi.words); j >= 0.6 {
			s.add(h, evs, ReasonSpelling, 0.55+0.25*j-0.05*float64(dp))
		}
	}
	return s.result()
}

type suggester struct {
	c    *Catalog
	best map[string]Suggestion
}

// add records a candidate handler; a candidate that only exists as removed
// (or only as deprecated with a replacement) also brings its replacement,
// ranked just below it; a removed handler itself is never suggested.
func (s *suggester) add(h string, evs []*Event, why SuggestionReason, score float64) {
	if score < minScore {
		return
	}
	if allStatus(evs, StatusRemoved) {
		s.replacementOf(evs, score)
		return
	}
	s.put(Suggestion{Handler: h, Event: preferred(evs), Reason: why, Score: score})
	if allDeprecated(evs) {
		s.replacementOf(evs, score-0.01)
	}
}

func (s *suggester) replacementOf(evs []*Event, score float64) {
	for _, e := range evs {
		if e.Replacement == "" || e.Replacement == e.Handler {
			continue
		}
		if r := s.c.byHandler[e.Replacement]; len(r) > 0 {
			s.put(Suggestion{Handler: e.Replacement, Event: preferred(r), Reason: ReasonReplacement, Score: score})
		}
	}
}

func (s *suggester) put(sg Suggestion) {
	if old, ok := s.best[sg.Handler]; ok && old.Score >= sg.Score {
		return
	}
	s.best[sg.Handler] = sg
}

func (s *suggester) result() []Suggestion {
	out := make([]Suggestion, 0, len(s.best))
	for _, sg := range s.best {
		out = append(out, sg)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if ac, bc := a.Event.Status == StatusCurrent, b.Event.Status == StatusCurrent; ac != bc {
			return ac
		}
		return a.Handler < b.Handler
	})
	// An event's current and older names are one suggestion: the better
	// scoring one (a typo of an older name is repaired into that name).
	kept := out[:0]
	seen := map[*Event]bool{}
	for _, sg := range out {
		if sg.Event != nil && seen[sg.Event] {
			continue
		}
		seen[sg.Event] = true
		kept = append(kept, sg)
	}
	out = kept
	if len(out) > maxSuggestions {
		out = out[:maxSuggestions]
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// handlerInfo is a distinct handler name (current or older) split and lower-cased once, for
// Suggest.
func (c *Catalog) handlers() []handlerInfo {
	c.suggestOnce.Do(func() {
		// Older names that still fire are candidates too: a typo of one is
		// repaired into it, keeping the prefix the author chose.
		names := make([]string, 0, len(c.byHandler))
		for n := range c.byHandler {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			c.handlerList = append(c.handlerList, newHandlerInfo(n))
		}
	})
	return c.handlerList
}

type handlerInfo struct {
	handler, prefix, event string
	lower, lprefix, levent string
	words                  []string
}

func newHandlerInfo(h string) handlerInfo {
	p, e := splitHandler(h)
	return handlerInfo{handler: h, prefix: p, event: e, lower: strings.ToLower(h),
		lprefix: strings.ToLower(p), levent: strings.ToLower(e), words: words(e)}
}

// preferred picks the event to show for a handler shared by several
// modules: a current one first.
func preferred(evs []*Event) *Event {
	for _, e := range evs {
		if e.Status == StatusCurrent {
			return e
		}
	}
	for _, e := range evs {
		if e.Status == StatusDeprecated {
			return e
		}
	}
	return evs[0]
}

func allStatus(evs []*Event, st Status) bool {
	for _, e := range evs {
		if e.Status != st {
			return false
		}
	}
	return len(evs) > 0
}

func allDeprecated(evs []*Event) bool {
	for _, e := range evs {
		if e.Status == StatusCurrent {
			return false
		}
	}
	return len(evs) > 0
}

// splitHandler splits at the first underscore; a name without one is all
// event ("onInvoicePaid" exported without its prefix).
func splitHandler(name string) (prefix, event string) {
	if i := strings.IndexByte(name, '_'); i >= 0 {
		return name[:i], name[i+1:]
	}
	return "", name
}

// maxEdits is how many edits a word of length n may carry and still be a
// misspelling rather than another word.
func maxEdits(n int) int {
	switch {
	case n <= 4:
		return 0
	case n <= 8:
		return 1
	case n <= 14:
		return 2
	default:
		return 3
	}
}

// similarity is 1 minus the normalised edit distance.
func similarity(a, b string) float64 {
	n := len(a)
	if len(b) > n {
		n = len(b)
	}
	if n == 0 {
		return 1
	}
	return 1 - float64(distance(a, b))/float64(n)
}

// distance is the optimal-string-alignment edit distance (insertions,
// deletions, substitutions and adjacent transpositions), in bytes.
func distance(a, b string) int {
	if a == b {
		return 0
	}
	la, lb := len(a), len(b)
	if la == 0 {
		return lb
	}
	if lb == 0 {
		return la
	}
	// Three rows of the table; on the stack for names up to 63 bytes (every
	// catalog name): distance runs for each catalog name per unknown one.
	var rows [3 * 64]int
	var prev2, prev, cur []int
	if lb < 64 {
		prev2, prev, cur = rows[0:lb+1], rows[64:64+lb+1], rows[128:128+lb+1]
	} else {
		prev2, prev, cur = make([]int, lb+1), make([]int, lb+1), make([]int, lb+1)
	}
	for j := 0; j <= lb; j++ {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		for j := 1; j <= lb; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}

// words splits a camelCase name into lower-case words, without the leading
// "on": "onOrderPaymentStatusUpdated" → order payment status updated.
func words(s string) []string {
	s = strings.TrimPrefix(s, "on")
	var out []string
	start := 0
	for i, r := range s {
		if i > start && unicode.IsUpper(r) {
			out = append(out, strings.ToLower(s[start:i]))
			start = i
		}
	}
	if start < len(s) {
		out = append(out, strings.ToLower(s[start:]))
	}
	return out
}

// wordsClose rejects an edit-distance match that swaps a whole word
// (onMemberCreated vs onMemberUpdated): when both names have the same number
// of words, each word must be a prefix of the other or within a third of its
// length in edits.
func wordsClose(a, b []string) bool {
	if len(a) != len(b) {
		return true
	}
	for i := range a {
		x, y := a[i], b[i]
		if x == y || strings.HasPrefix(x, y) || strings.HasPrefix(y, x) {
			continue
		}
		n := max(len(x), len(y))
		d := distance(x, y)
		// Two edits are still a misspelling when the word starts the same
		// (payed → paid, recieved → received), not another word (sent → paid).
		if d > max(1, n/3) && !(d <= 2 && len(x) > 2 && len(y) > 2 && x[:2] == y[:2]) {
			return false
		}
	}
	return true
}

// wordOverlap is the share of words two names have in common (Jaccard),
// requiring at least two shared words.
func wordOverlap(a, b []string) float64 {
	set := map[string]bool{}
	for _, w := range a {
		set[w] = true
	}
	shared, union := 0, len(set)
	seen := map[string]bool{}
	for _, w := range b {
		if seen[w] {
			continue
		}
		seen[w] = true
		if set[w] {
			shared++
		} else {
			union++
		}
	}
	if shared < 2 || union == 0 {
		return 0
	}
	return float64(shared) / float64(union)
}
