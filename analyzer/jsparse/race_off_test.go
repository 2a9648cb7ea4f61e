//go:build !race

package jsparse

// raceEnabled: see race_on_test.go.
const raceEnabled = false
