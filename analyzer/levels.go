package analyzer

// Levels. A rule's finding is made at the rule's default level (a rule may
// raise it for one finding: a loose events file is an error under
// `looseFiles: "error"`); the configured level, when there is one, wins
// over both. The configuration is consulted here and nowhere else: the
// engine asks level whether a rule runs at all, and finish gives every
// result its levels once, before it leaves the engine, so that `check`
// and the server receive findings with their levels applied and nothing
// that is off.

// configured returns the level the configuration sets for r, by id or
// else by name.
func (c *Config) configured(r *Rule) (Severity, bool) {
	if s, ok := c.Levels[r.ID]; ok {
		return s, true
	}
	s, ok := c.Levels[r.Name]
	return s, ok
}

// level is the level r runs at: the configured one or its default.
func (c *Config) level(r *Rule) Severity {
	if s, ok := c.configured(r); ok {
		return s
	}
	return r.Severity
}

// finish completes a result: each finding gets its configured level,
// findings that are off are dropped, the rest sorted; the text is kept
// only when findings remain (for reports that convert positions).
func (c *Config) finish(fr *FileResult) {
	out := fr.Diagnostics[:0]
	for _, d := range fr.Diagnostics {
		if r := RuleByID(d.Code); r != nil {
			if s, ok := c.configured(r); ok {
				d.Severity = s
			}
		}
		if d.Severity == SeverityOff || d.Severity == "" {
			continue
		}
		out = append(out, d)
	}
	sortDiagnostics(out)
	if len(out) == 0 {
		out = nil
		fr.Text = nil
	}
	fr.Diagnostics = out
}
