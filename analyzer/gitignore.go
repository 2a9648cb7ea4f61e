package analyzer

import (
	"strings"
	"unicode/utf8"
)

// This file implements gitignore pattern matching as git documents it
// (gitignore(5)), for discovery:
//
//   - blank lines and lines starting with "#" are skipped; "\#" and "\!" start
//     a literal "#" or "!";
//   - trailing spaces are dropped unless escaped with a backslash; a trailing
//     CR (CRLF files) is dropped;
//   - "!" negates: a path excluded by an earlier pattern is included again.
//     As in git, nothing inside an excluded directory can be re-included,
//     because the walk never enters that directory;
//   - a trailing "/" makes the pattern match directories only;
//   - a pattern with a "/" at its start or in its middle is anchored to the
//     directory of the file that holds it; otherwise it matches a name at any
//     depth below that directory;
//   - "*" matches anything but "/", "?" one character but "/", "[a-z]",
//     "[!a-z]" and "[^a-z]" a character class, "\x" the character x;
//   - "**/" at the start matches in every directory, "/**" at the end matches
//     everything inside, "/**/" in the middle matches zero or more
//     directories. Any other "**" is an ordinary "*".
//
// Paths are slash-separated and relative; matching is case-sensitive, as git's
// default (core.ignoreCase=false) is.

// ignorePattern is one compiled pattern line.
type ignorePattern struct {
	segs    []string // pattern segments; "**" is the any-depth wildcard
	negate  bool     // "!pattern"
	dirOnly bool     // "pattern/"
	text    string   // the line as written, for messages and tests
}

// IgnoreList is the compiled content of one .gitignore file (or of a list of
// patterns such as Config.Ignore), relative to its base directory.
type IgnoreList struct {
	base      string // slash path of the directory holding the file, relative to the root; "" for the root
	baseDepth int    // number of segments in base
	patterns  []ignorePattern
}

// ParseIgnore compiles gitignore-syntax text. base is the slash path, relative
// to the root, of the directory the patterns are relative to ("" or "." for
// the root).
func ParseIgnore(base string, text []byte) *IgnoreList {
	return newIgnoreList(base, strings.Split(string(text), "\n"))
}

// NewIgnoreList compiles gitignore-syntax patterns, one per element, relative
// to the root (as Config.Ignore is). A leading "./" is dropped, as people
// write it on command lines and in settings.
func NewIgnoreList(patterns []string) *IgnoreList {
	clean := make([]string, len(patterns))
	for i, p := range patterns {
		neg := strings.HasPrefix(p, "!")
		p = strings.TrimPrefix(p, "!")
		for strings.HasPrefix(p, "./") {
			p = "/" + strings.TrimLeft(p[2:], "/")
		}
		if neg {
			p = "!" + p
		}
		clean[i] = p
	}
	return newIgnoreList("", clean)
}

func newIgnoreList(base string, lines []string) *IgnoreList {
	if base == "." {
		base = ""
	}
	base = strings.Trim(base, "/")
	l := &IgnoreList{base: base}
	if base != "" {
		l.baseDepth = strings.Count(base, "/") + 1
	}
	for _, line := range lines {
		if p, ok := parseIgnoreLine(line); ok {
			l.patterns = append(l.patterns, p)
		}
	}
	return l
}

// Len reports the number of patterns compiled.
func (l *IgnoreList) Len() int { return len(l.patterns) }

// parseIgnoreLine compiles one line; ok is false for blank lines and comments.
func parseIgnoreLine(line string) (ignorePattern, bool) {
	line = strings.TrimSuffix(line, "\r")
	line = trimTrailingSpaces(line)
	if line == "" || line[0] == '#' {
		return ignorePattern{}, false
	}
	p := ignorePattern{text: line}
	if line[0] == '!' {
		p.negate = true
		line = line[1:]
	}
	// A leading "\#" or "\!" stays escaped: the segment matcher reads "\x" as x.
	if strings.HasSuffix(line, "/") && !strings.HasSuffix(line, "\\/") {
		p.dirOnly = true
		line = strings.TrimRight(line, "/")
	}
	if line == "" {
		return ignorePattern{}, false
	}
	anchored := strings.Contains(line, "/")
	line = strings.TrimPrefix(line, "/")
	if line == "" {
		return ignorePattern{}, false
	}
	segs := strings.Split(line, "/")
	// Drop empty segments from "a//b".
	out := segs[:0]
	for _, s := range segs {
		if s != "" {
			out = append(out, s)
		}
	}
	segs = out
	if !anchored {
		segs = append([]string{"**"}, segs...)
	}
	p.segs = segs
	return p, true
}

// trimTrailingSpaces drops trailing spaces that are not escaped by a backslash.
func trimTrailingSpaces(s string) string {
	for len(s) > 0 && s[len(s)-1] == ' ' {
		// Count the backslashes before this space.
		n := 0
		for i := len(s) - 2; i >= 0 && s[i] == '\\'; i-- {
			n++
		}
		if n%2 == 1 {
			break // "\ " : an escaped, kept space
		}
		s = s[:len(s)-1]
	}
	return s
}

// matchSegs reports whether a pattern of this list matches the path given
// as slash segments relative to the root, and if so whether the last
// matching pattern excludes it (true) or re-includes it with "!" (false).
// Only the path itself is tested, not its parent directories: see Ignored
// for that.
func (l *IgnoreList) matchSegs(segs []string, isDir bool) (matched, excluded bool) {
	if l == nil || len(l.patterns) == 0 {
		return false, false
	}
	if l.baseDepth > 0 {
		if len(segs) <= l.baseDepth || strings.Join(segs[:l.baseDepth], "/") != l.base {
			return false, false
		}
		segs = segs[l.baseDepth:]
	}
	for i := len(l.patterns) - 1; i >= 0; i-- {
		pt := &l.patterns[i]
		if pt.dirOnly && !isDir {
			continue
		}
		if matchGlobSegs(pt.segs, segs) {
			return true, !pt.negate
		}
	}
	return false, false
}

// Ignored reports whether the slash path p is excluded by this list, with
// git's rule that a path inside an excluded directory is excluded whatever
// later patterns say.
//
// One match per pattern answers for the path and all its parents at once
// (globPrefixes), so the cost is linear in the patterns' length × the
// path's length, not that times the path's depth.
func (l *IgnoreList) Ignored(p string, isDir bool) bool {
	segs := splitSlashPath(p)
	if l == nil || len(l.patterns) == 0 || len(segs) <= l.baseDepth {
		return false
	}
	if l.baseDepth > 0 && strings.Join(segs[:l.baseDepth], "/") != l.base {
		return false
	}
	rel := segs[l.baseDepth:]
	// verdict[j] is what the last matching pattern says of rel[:j]: 0 no
	// pattern matched yet, 1 excluded, 2 included. rel[:j] for j < len(rel)
	// is a folder.
	verdict := make([]byte, len(rel)+1)
	undecided := len(rel)
	for i := len(l.patterns) - 1; i >= 0 && undecided > 0; i-- {
		pt := &l.patterns[i]
		m := globPrefixes(pt.segs, rel, nil)
		for j := 1; j <= len(rel); j++ {
			if verdict[j] != 0 || !m[j] || pt.dirOnly && j == len(rel) && !isDir {
				continue
			}
			verdict[j] = 1
			if pt.negate {
				verdict[j] = 2
			}
			undecided--
		}
	}
	for j := 1; j <= len(rel); j++ {
		if verdict[j] == 1 {
			return true // the path, or a folder holding it
		}
	}
	return false
}

// ignoreStack is the ordered set of lists that apply in one directory: the
// root's lists first, the deepest last. A later list overrides an earlier one.
type ignoreStack []*IgnoreList

// excluded reports whether the path (split into segments relative to the
// root) is excluded by the stack: the last list with a matching pattern
// decides.
func (s ignoreStack) excluded(segs []string, isDir bool) bool {
	for i := len(s) - 1; i >= 0; i-- {
		if m, ex := s[i].matchSegs(segs, isDir); m {
			return ex
		}
	}
	return false
}

// matchGlobSegs matches pattern segments (with "**") against path segments.
func matchGlobSegs(pat, segs []string) bool {
	return globPrefixes(pat, segs, nil)[len(segs)]
}

// globPrefixes matches pattern segments (with "**") against every prefix of
// the path at once: m[j] reports whether pat matches segs[:j]. It is a
// dynamic program over the pattern's segments: reach[j] says that the
// segments read so far match segs[:j] exactly; a plain segment moves each
// reached j to j+1 when it matches segs[j], a "**" reaches every j' >= j
// (a running OR), and a trailing "**" every j' > j (at least one segment).
// Consecutive "**" act as one. Each (pattern segment, path segment) pair is
// matched at most once, and globMatchSegment is linear in the product of
// their lengths, so the whole match is linear in len(pattern) × len(path)
// (the recursive matcher it replaces backtracked exponentially in the
// number of "**"). steps, when not nil, counts the segment pairs compared
// and the positions visited.
func globPrefixes(pat, segs []string, steps *int) []bool {
	n := len(segs)
	reach := make([]bool, n+1)
	next := make([]bool, n+1)
	reach[0] = true
	for i := 0; i < len(pat); i++ {
		for j := range next {
			next[j] = false
		}
		if pat[i] == "**" {
			for i+1 < len(pat) && pat[i+1] == "**" {
				i++
			}
			trailing := i == len(pat)-1
			any := false
			for j := 0; j <= n; j++ {
				if steps != nil {
					*steps++
				}
				if trailing {
					next[j] = any // some k < j: one segment or more
					any = any || reach[j]
				} else {
					any = any || reach[j]
					next[j] = any // some k <= j: zero segments or more
				}
			}
		} else {
			for j := 0; j < n; j++ {
				if !reach[j] {
					continue
				}
				if steps != nil {
					*steps++
				}
				if globMatchSegmentSteps(pat[i], segs[j], steps) {
					next[j+1] = true
				}
			}
		}
		reach, next = next, reach
	}
	return reach
}

// globMatchSegment matches one path segment against one pattern segment with
// "*", "?", "[...]" and backslash escapes. Neither side contains "/".
func globMatchSegment(pat, s string) bool { return globMatchSegmentSteps(pat, s, nil) }

// globMatchSegmentSteps is globMatchSegment counting, when steps is not
// nil, the pattern positions it visits. Iterative matcher with single-star
// backtracking (like fnmatch without FNM_PERIOD): on a mismatch after a
// "*", retry with the star eating one more byte. Only the last star is
// retried (an earlier star could only eat what the later one can), so
// each retry starts one byte further into s: at most len(s)+1 passes over
// the pattern, linear in len(pat) × len(s). Works on bytes; classes decode
// UTF-8 runes.
func globMatchSegmentSteps(pat, s string, steps *int) bool {
	px, sx := 0, 0
	starPx, starSx := -1, -1
	for sx < len(s) || px < len(pat) {
		if steps != nil {
			*steps++
		}
		if px < len(pat) {
			switch c := pat[px]; c {
			case '*':
				starPx, starSx = px, sx
				px++
				continue
			case '?':
				if sx < len(s) {
					_, n := globDecodeRune(s[sx:])
					px++
					sx += n
					continue
				}
			case '[':
				if sx < len(s) {
					r, n := globDecodeRune(s[sx:])
					if ok, width, valid := globMatchClass(pat[px:], r); valid {
						if ok {
							px += width
							sx += n
							continue
						}
					} else if s[sx] == '[' { // unterminated class: a literal "["
						px++
						sx++
						continue
					}
				}
			case '\\':
				if px+1 < len(pat) {
					if sx < len(s) && s[sx] == pat[px+1] {
						px += 2
						sx++
						continue
					}
				} else if sx < len(s) && s[sx] == '\\' { // trailing backslash: literal
					px++
					sx++
					continue
				}
			default:
				if sx < len(s) && s[sx] == c {
					px++
					sx++
					continue
				}
			}
		}
		if starPx >= 0 && starSx < len(s) {
			starSx++
			px, sx = starPx+1, starSx
			continue
		}
		return false
	}
	return true
}

// globMatchClass matches r against the class starting at pat[0] == '['. width is
// the class's length in pat; valid is false when the class is unterminated.
func globMatchClass(pat string, r rune) (ok bool, width int, valid bool) {
	i := 1
	negate := false
	if i < len(pat) && (pat[i] == '!' || pat[i] == '^') {
		negate = true
		i++
	}
	matched := false
	first := true
	for i < len(pat) {
		if pat[i] == ']' && !first {
			if negate {
				matched = !matched
			}
			return matched, i + 1, true
		}
		first = false
		lo, n := globClassChar(pat[i:])
		if n == 0 {
			return false, 0, false
		}
		i += n
		hi := lo
		if i+1 < len(pat) && pat[i] == '-' && pat[i+1] != ']' {
			h, m := globClassChar(pat[i+1:])
			if m == 0 {
				return false, 0, false
			}
			hi = h
			i += 1 + m
		}
		if lo <= r && r <= hi {
			matched = true
		}
	}
	return false, 0, false
}

// globClassChar reads one (possibly escaped) character of a class.
func globClassChar(s string) (rune, int) {
	if s == "" {
		return 0, 0
	}
	if s[0] == '\\' {
		if len(s) < 2 {
			return 0, 0
		}
		r, n := globDecodeRune(s[1:])
		return r, n + 1
	}
	return globDecodeRune(s)
}

func globDecodeRune(s string) (rune, int) { return utf8.DecodeRuneInString(s) }

// splitSlashPath splits a clean slash path into segments ("" and "." give none).
func splitSlashPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" || p == "." {
		return nil
	}
	return strings.Split(p, "/")
}
