package analyzer

import (
	"strings"
	"testing"
)

// TestIgnoreMatch checks single .gitignore files against gitignore(5)'s
// rules, one case per rule. Each case gives the file's lines (base is the
// folder holding it), a path relative to the root, whether it is a folder,
// and whether the path itself is excluded (Ignored: parents included).
func TestIgnoreMatch(t *testing.T) {
	tests := []struct {
		name  string
		base  string
		lines string
		path  string
		dir   bool
		want  bool
	}{
		// Plain names match at any depth below the file.
		{"name at top", "", "secret.js", "secret.js", false, true},
		{"name at depth", "", "secret.js", "src/backend/secret.js", false, true},
		{"name does not match a longer name", "", "secret.js", "src/secret.js.bak", false, false},
		{"name matches a folder and its content", "", "build", "build/events.js", false, true},
		{"name with star", "", "*.log", "logs/a/debug.log", false, true},
		{"star does not cross slash", "", "src/*.js", "src/backend/events.js", false, false},
		{"star within one segment", "", "src/*/events.js", "src/backend/events.js", false, true},
		{"question mark", "", "event?.js", "src/backend/events.js", false, true},
		{"question mark needs one char", "", "event?.js", "src/backend/event.js", false, false},
		{"class", "", "events.[jt]s", "src/backend/events.ts", false, true},
		{"class range", "", "file[0-9].js", "file7.js", false, true},
		{"negated class with !", "", "events.[!j]s", "events.js", false, false},
		{"negated class with ^", "", "events.[^j]s", "events.ts", false, true},
		{"unterminated class is literal", "", "a[b", "a[b", false, true},

		// Comments, blanks, escapes, spaces.
		{"comment", "", "# events.js", "events.js", false, false},
		{"escaped hash", "", `\#events.js`, "#events.js", false, true},
		{"escaped bang", "", `\!events.js`, "!events.js", false, true},
		{"trailing spaces dropped", "", "events.js   ", "events.js", false, true},
		{"escaped trailing space kept", "", `events.js\ `, "events.js ", false, true},
		{"escaped trailing space not dropped", "", `events.js\ `, "events.js", false, false},
		{"CRLF line", "", "events.js\r\nother.js\r\n", "events.js", false, true},
		{"escaped star is literal", "", `\*.js`, "a.js", false, false},
		{"escaped star matches star", "", `\*.js`, "*.js", false, true},

		// Anchoring.
		{"leading slash anchors", "", "/events.js", "src/events.js", false, false},
		{"leading slash matches top", "", "/events.js", "events.js", false, true},
		{"middle slash anchors", "", "backend/events.js", "src/backend/events.js", false, false},
		{"middle slash matches from base", "", "src/backend/events.js", "src/backend/events.js", false, true},
		{"anchored to nested file's folder", "site", "/events.js", "site/events.js", false, true},
		{"nested file does not reach siblings", "site", "events.js", "other/events.js", false, false},
		{"nested file does not match its own folder path", "site", "site", "site/site.js", false, false},

		// Folder-only patterns.
		{"dir pattern matches folder", "", "build/", "build", true, true},
		{"dir pattern skips file", "", "build/", "build", false, false},
		{"dir pattern excludes content", "", "build/", "build/events.js", false, true},
		{"dir pattern at depth", "", "cache/", "a/b/cache/x.js", false, true},

		// Double star.
		{"leading double star", "", "**/backend/events.js", "a/b/backend/events.js", false, true},
		{"leading double star at top", "", "**/backend/events.js", "backend/events.js", false, true},
		{"trailing double star", "", "vendor/**", "vendor/x/y.js", false, true},
		{"trailing double star not the folder", "", "vendor/**", "vendor", true, false},
		{"middle double star zero dirs", "", "a/**/b.js", "a/b.js", false, true},
		{"middle double star many dirs", "", "a/**/b.js", "a/x/y/z/b.js", false, true},
		{"middle double star anchored", "", "a/**/b.js", "x/a/b.js", false, false},
		{"other double star is a star", "", "ev**.js", "events.js", false, true},
		{"other double star stays in segment", "", "ev**.js", "ev/x.js", false, false},

		// Negation: the last matching line wins.
		{"negation re-includes", "", "*.js\n!events.js", "src/backend/events.js", false, false},
		{"later exclusion wins", "", "!events.js\n*.js", "events.js", false, true},
		{"negation cannot escape excluded folder", "", "backend/\n!backend/events.js", "backend/events.js", false, true},
		{"negated dir pattern only for dirs", "", "*\n!*/", "src", true, false},
		{"negation of nothing", "", "!events.js", "events.js", false, false},

		// Unicode.
		{"unicode name", "", "événements.js", "src/événements.js", false, true},
		{"question mark is one rune", "", "?.js", "é.js", false, true},
		{"class with unicode", "", "[é].js", "é.js", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := ParseIgnore(tt.base, []byte(tt.lines))
			if got := l.Ignored(tt.path, tt.dir); got != tt.want {
				t.Errorf("lines %q (base %q): Ignored(%q, dir=%v) = %v, want %v", tt.lines, tt.base, tt.path, tt.dir, got, tt.want)
			}
		})
	}
}

// TestIgnoreStackPrecedence checks that a deeper .gitignore overrides a
// shallower one, and that a list only applies below its own folder.
func TestIgnoreStackPrecedence(t *testing.T) {
	root := ParseIgnore("", []byte("*.js\n"))
	sub := ParseIgnore("src", []byte("!events.js\n"))
	st := ignoreStack{root, sub}
	tests := []struct {
		name string
		path string
		want bool
	}{
		{"root pattern applies", "a.js", true},
		{"deeper negation wins", "src/events.js", false},
		{"deeper negation at depth", "src/backend/events.js", false},
		{"deeper file does not reach outside", "lib/events.js", true},
		{"root pattern still applies below", "src/other.js", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := st.excluded(splitSlashPath(tt.path), false); got != tt.want {
				t.Errorf("excluded(%q) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}

// TestGlobSegment covers the single-segment matcher directly, including
// backtracking over several stars.
func TestGlobSegment(t *testing.T) {
	tests := []struct {
		pat, s string
		want   bool
	}{
		{"*", "", true},
		{"*", "abc", true},
		{"a*", "a", true},
		{"*c", "abc", true},
		{"*b*d", "abcbd", true},
		{"*b*d", "abcbe", false},
		{"a*b*c*d", "aXbYcZd", true},
		{"a*b*c*d", "aXbYcZ", false},
		{"?", "", false},
		{"[a-c]x", "bx", true},
		{"[a-c]x", "dx", false},
		{"[]]", "]", true},
		{"[!]]", "a", true},
		{`[\]]`, "]", true},
		{"[a-]", "-", true},
		{`a\`, `a\`, true},
		{"", "", true},
		{"", "a", false},
	}
	for _, tt := range tests {
		t.Run(tt.pat+"~"+tt.s, func(t *testing.T) {
			if got := globMatchSegment(tt.pat, tt.s); got != tt.want {
				t.Errorf("globMatchSegment(%q, %q) = %v, want %v", tt.pat, tt.s, got, tt.want)
			}
		})
	}
}

func TestParseIgnoreSkipsBlankAndComments(t *testing.T) {
	l := ParseIgnore("", []byte("\n# comment\n   \n/\n!\nreal\n"))
	if l.Len() != 1 {
		var texts []string
		for _, p := range l.patterns {
			texts = append(texts, p.text)
		}
		t.Fatalf("got %d patterns %q, want only %q", l.Len(), strings.Join(texts, ","), "real")
	}
}

func TestNewIgnoreListDotSlash(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"./dist", "dist/backend/events.js", true},
		{"./dist", "src/dist/events.js", false}, // "./" anchors, like "/"
		{"!./keep.js", "keep.js", false},
		{".//build/", "build/x.js", true},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			l := NewIgnoreList([]string{"*.js", tt.pattern})
			if tt.pattern[0] != '!' {
				l = NewIgnoreList([]string{tt.pattern})
			}
			if got := l.Ignored(tt.path, false); got != tt.want {
				t.Errorf("Ignored(%q) with %q = %v, want %v", tt.path, tt.pattern, got, tt.want)
			}
		})
	}
}

// matchGlobSegsBacktracking is the recursive matcher globPrefixes replaced,
// kept as the reference for its semantics: on each "**" it tries every
// number of segments, which is exponential in the number of "**".
func matchGlobSegsBacktracking(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for len(pat) > 1 && pat[1] == "**" {
				pat = pat[1:]
			}
			if len(pat) == 1 {
				return len(segs) > 0
			}
			for i := 0; i <= len(segs); i++ {
				if matchGlobSegsBacktracking(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 || !globMatchSegment(pat[0], segs[0]) {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// ignoredByParents is Ignored as it was: one match per parent folder.
func ignoredByParents(l *IgnoreList, p string, isDir bool) bool {
	segs := splitSlashPath(p)
	for i := 1; i < len(segs); i++ {
		if m, ex := l.matchSegs(segs[:i], true); m && ex {
			return true
		}
	}
	m, ex := l.matchSegs(segs, isDir)
	return m && ex
}

// TestGlobPrefixesMatchesBacktracking: on every small pattern and path
// over a few segment shapes, the dynamic program agrees with the
// backtracking matcher, for the whole path and for each prefix; and
// Ignored agrees with the parent-by-parent loop it replaced.
func TestGlobPrefixesMatchesBacktracking(t *testing.T) {
	patSegs := []string{"**", "a", "*", "b*", "?", "[ab]"}
	pathSegs := []string{"a", "b", "ab", "c"}
	var pats [][]string
	var gen func(p []string, n int)
	gen = func(p []string, n int) {
		if len(p) > 0 {
			pats = append(pats, append([]string(nil), p...))
		}
		if n == 0 {
			return
		}
		for _, s := range patSegs {
			gen(append(p, s), n-1)
		}
	}
	gen(nil, 4)
	var paths [][]string
	var genPath func(p []string, n int)
	genPath = func(p []string, n int) {
		paths = append(paths, append([]string(nil), p...))
		if n == 0 {
			return
		}
		for _, s := range pathSegs {
			genPath(append(p, s), n-1)
		}
	}
	genPath(nil, 4)
	for _, pat := range pats {
		for _, path := range paths {
			m := globPrefixes(pat, path, nil)
			for j := 0; j <= len(path); j++ {
				if want := matchGlobSegsBacktracking(pat, path[:j]); m[j] != want {
					t.Fatalf("pattern %q, path %q: globPrefixes says %v, backtracking %v", pat, path[:j], m[j], want)
				}
			}
		}
	}
	lists := []*IgnoreList{
		ParseIgnore("", []byte("a\n!b/\n*/c\n**/a/**\n!a/b")),
		ParseIgnore("x", []byte("b\n/a\n!c/**")),
		NewIgnoreList([]string{"*", "!*/", "!**/b"}),
	}
	for _, l := range lists {
		for _, path := range paths {
			for _, pre := range []string{"", "x/"} {
				p := pre + strings.Join(path, "/")
				for _, dir := range []bool{false, true} {
					if got, want := l.Ignored(p, dir), ignoredByParents(l, p, dir); got != want {
						t.Fatalf("Ignored(%q, dir=%v) = %v, the parent loop says %v", p, dir, got, want)
					}
				}
			}
		}
	}
}

// pathological is a .gitignore line of 30 "**" segments, each followed by
// "a" and ended by a segment no path has, against a folder chain 200
// deep: the backtracking matcher tries about C(200, 30) ways to spread the
// chain over the "**" before it gives up (more than a minute).
func pathological() (pattern []string, path []string) {
	for i := 0; i < 30; i++ {
		pattern = append(pattern, "**", "a")
	}
	pattern = append(pattern, "nothing")
	for i := 0; i < 200; i++ {
		path = append(path, "a")
	}
	return pattern, path
}

// TestGlobMatchIsLinear: the pathological pattern is matched in at most
// one step per (pattern segment, path position) pair and per byte of each
// segment pair compared: a step count, not a clock.
func TestGlobMatchIsLinear(t *testing.T) {
	pat, path := pathological()
	steps := 0
	m := globPrefixes(pat, path, &steps)
	if m[len(path)] {
		t.Fatal("matched")
	}
	// Each of the 61 pattern segments visits each of the 201 positions
	// once; a plain segment compares one 1-byte segment with another in
	// a couple of steps.
	bound := len(pat) * (len(path) + 1) * 4
	if steps > bound {
		t.Errorf("%d steps, over the linear bound %d", steps, bound)
	}
	t.Logf("%d pattern segments × %d path segments: %d steps", len(pat), len(path), steps)

	// Within one segment: "*a*a*…*a*b" against "aaaa…" (the star
	// backtracking worst case) is quadratic at most, never exponential.
	sp, ss := strings.Repeat("*a", 50)+"*b", strings.Repeat("a", 200)
	steps = 0
	if globMatchSegmentSteps(sp, ss, &steps) {
		t.Fatal("segment matched")
	}
	if bound := (len(sp) + 1) * (len(ss) + 1); steps > bound {
		t.Errorf("segment: %d steps, over %d", steps, bound)
	}
	t.Logf("segment of %d bytes against %d bytes: %d steps", len(sp), len(ss), steps)

	// And through the public API, with the parents.
	l := ParseIgnore("", []byte(strings.Join(pat, "/")))
	if l.Ignored(strings.Join(path, "/")+"/events.js", false) {
		t.Error("Ignored")
	}
}

// BenchmarkGlobPathological prints how long the pathological line takes
// (the backtracking matcher took over a minute).
func BenchmarkGlobPathological(b *testing.B) {
	pat, path := pathological()
	l := ParseIgnore("", []byte(strings.Join(pat, "/")))
	p := strings.Join(path, "/") + "/events.js"
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if l.Ignored(p, false) {
			b.Fatal("ignored")
		}
	}
}

// FuzzGlobPrefixes: the dynamic program agrees with the backtracking
// matcher on arbitrary patterns and paths (kept small: the reference is
// exponential).
func FuzzGlobPrefixes(f *testing.F) {
	f.Add("a/**/b", "a/x/b")
	f.Add("**/a/**/b/**", "a/b/c")
	f.Add("*.js/**/[a-c]?", "x.js/y/bz")
	f.Fuzz(func(t *testing.T, pattern, path string) {
		pat, segs := strings.Split(pattern, "/"), splitSlashPath(path)
		if len(pat) > 8 || len(segs) > 8 {
			return
		}
		m := globPrefixes(pat, segs, nil)
		for j := 0; j <= len(segs); j++ {
			if want := matchGlobSegsBacktracking(pat, segs[:j]); m[j] != want {
				t.Fatalf("pattern %q, path %q: %v, backtracking %v", pat, segs[:j], m[j], want)
			}
		}
	})
}
