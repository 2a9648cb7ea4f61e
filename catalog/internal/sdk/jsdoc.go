package sdk

import "strings"

// tag is one JSDoc block tag: @eventType wix.x.v1.y_created.
type tag struct {
	name  string
	value string
}

// docInfo is what a JSDoc comment says: its tags, and whether its text
// carries the "Developer Preview" label.
type docInfo struct {
	tags    []tag
	preview bool
}

// parseDoc reads a /** … */ comment. Only tags and the preview label are
// kept; the prose is not.
func parseDoc(doc string) docInfo {
	var info docInfo
	if doc == "" {
		return info
	}
	body := strings.TrimSuffix(strings.TrimPrefix(doc, "/**"), "*/")
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimSpace(strings.TrimPrefix(line, "*"))
		if strings.Contains(line, "Developer Preview") {
			info.preview = true
		}
		if !strings.HasPrefix(line, "@") {
			continue
		}
		name, value, _ := strings.Cut(line[1:], " ")
		if name == "" {
			continue
		}
		info.tags = append(info.tags, tag{name: name, value: strings.TrimSpace(value)})
	}
	return info
}

func tagValue(d docInfo, name string) string {
	for _, t := range d.tags {
		if t.name == name {
			return t.value
		}
	}
	return ""
}

func hasTag(d docInfo, name string) bool {
	for _, t := range d.tags {
		if t.name == name {
			return true
		}
	}
	return false
}

// applyTags sets an event's markers from the JSDoc of its declarations; the
// first declaration that states a value wins.
func applyTags(ev *Event, docs []string) {
	set := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	for _, doc := range docs {
		d := parseDoc(doc)
		set(&ev.Slug, tagValue(d, "slug"))
		set(&ev.Service, tagValue(d, "serviceIdentifier"))
		set(&ev.ReplacedBy, tagValue(d, "replacedBy"))
		set(&ev.TargetRemovalDate, tagValue(d, "targetRemovalDate"))
		set(&ev.Maturity, tagValue(d, "documentationMaturity"))
		set(&ev.Maturity, tagValue(d, "maturity"))
		if d.preview {
			set(&ev.Maturity, "preview")
		}
		ev.Webhook = ev.Webhook || hasTag(d, "webhook")
		ev.Deprecated = ev.Deprecated || hasTag(d, "deprecated")
		ev.Hidden = ev.Hidden || hasTag(d, "hidden")
	}
}
