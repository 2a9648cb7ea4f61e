package jsparse

import (
	"testing"
)

// BenchmarkGuard is the guard alone on the generated events files of
// BenchmarkValidate (whose Transform it precedes): compare the two.
func BenchmarkGuard(b *testing.B) {
	benchSizes(b, func(b *testing.B, src []byte) {
		if c := Complexity(src, LangJS); c != nil {
			b.Fatal(c.Error())
		}
	})
}

// BenchmarkGuardTransform is the Transform that Validate runs after the
// guard, without the guard.
func BenchmarkGuardTransform(b *testing.B) {
	benchSizes(b, func(b *testing.B, src []byte) {
		if v, _ := transform(src, LangJS, false); v.Error != nil {
			b.Fatal(v.Error.Message)
		}
	})
}
