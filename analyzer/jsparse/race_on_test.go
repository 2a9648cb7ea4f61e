//go:build race

package jsparse

// raceEnabled: the race detector makes everything several times slower,
// so the tests' generous CPU bounds do not apply.
const raceEnabled = true
