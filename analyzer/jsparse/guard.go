package jsparse

import "strconv"

// MaxNestingDepth bounds how deeply brackets may nest in a file that either
// parser reads. esbuild's parser recurses once per level, and a Go stack
// overflow is fatal (no recover): a file nested about 100,000 levels deep
// would kill `check` and the language server. The scanner's parser recurses
// too (it also bounds nesting without brackets: maxDepth in scan_expr.go).
// No hand-written code comes near this bound.
const MaxNestingDepth = 1000

// NestingDepth returns the deepest nesting of (, [ and { in src, counted on
// the raw bytes: brackets in strings and comments count too, which only errs
// towards a larger depth. One pass, no allocation.
func NestingDepth(src []byte) int {
	depth, max := 0, 0
	for _, c := range src {
		switch bracketDelta[c] {
		case 0:
		case 1:
			depth++
			if depth > max {
				max = depth
			}
		default:
			if depth > 0 {
				depth--
			}
		}
	}
	return max
}

// bracketDelta is +1 for an opening bracket, -1 for a closing one, 0 for
// every other byte: one table load per byte instead of six comparisons.
var bracketDelta = [256]int8{'(': 1, '[': 1, '{': 1, ')': -1, ']': -1, '}': -1}

// TooDeeplyNestedID is the SyntaxError.ID of a file refused for its depth.
const TooDeeplyNestedID = "too-deeply-nested"

// tooDeep returns the error that stands for a parse of src when src nests
// deeper than MaxNestingDepth, or nil.
func tooDeep(src []byte) *SyntaxError {
	d := NestingDepth(src)
	if d <= MaxNestingDepth {
		return nil
	}
	return &SyntaxError{
		ID:      TooDeeplyNestedID,
		Message: "Brackets nest " + strconv.Itoa(d) + " levels deep, over the limit of " + strconv.Itoa(MaxNestingDepth) + "; the file was not parsed",
		Range:   Range{0, 0},
	}
}
