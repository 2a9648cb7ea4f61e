package schema

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The binary form is what the catalog embeds: a string table followed by
// the structure as unsigned varints indexing it. Decoding converts the blob
// to one string and slices every value out of it, so loading allocates
// little more than the slices that hold the structure.
//
//	"VCAT" version
//	nstrings  len×nstrings  bytes
//	depth
//	modules:  n { name nprefixes prefix… docsUrl status }
//	events:   n { module event handler naliases alias… status replacement
//	              sunsetDate maturity payloadType payload description notice docsUrl source example }
//	types:    n { name nfields { name type flags ref nvalues value… } }   flags: 1 array, 2 optional
//	prefixAliases: n { wrong prefix }
//	dataHooks: n { hook }
//	unnamed: n { module event docsUrl source }
//	provenance: date nsources { name pinned facts }
const magic = "VCAT"

// EncodeBinary writes f in the binary form. The string table is in first-use
// order, so the output is deterministic.
func EncodeBinary(f *File) []byte {
	e := &encoder{index: map[string]int{}}
	{
		e.uint(uint64(f.Depth))
		e.uint(uint64(len(f.Modules)))
		for _, m := range f.Modules {
			e.str(m.Name)
			e.uint(uint64(len(m.Prefixes)))
			for _, p := range m.Prefixes {
				e.str(p)
			}
			e.str(m.DocsURL)
			e.str(m.Status)
		}
		e.uint(uint64(len(f.Events)))
		for _, v := range f.Events {
			e.str(v.Module)
			e.str(v.Event)
			e.str(v.Handler)
			e.uint(uint64(len(v.Aliases)))
			for _, a := range v.Aliases {
				e.str(a)
			}
			for _, s := range []string{v.Status, v.Replacement, v.SunsetDate, v.Maturity, v.PayloadType} {
				e.str(s)
			}
			e.uint(uint64(v.Payload))
			e.str(v.Description)
			e.str(v.Notice)
			e.str(v.DocsURL)
			e.str(v.Source)
			e.str(v.Example)
		}
		e.uint(uint64(len(f.Types)))
		for _, t := range f.Types {
			e.str(t.Name)
			e.uint(uint64(len(t.Fields)))
			for _, fl := range t.Fields {
				e.str(fl.Name)
				e.str(fl.Type)
				var flags uint64
				if fl.Array {
					flags |= 1
				}
				if fl.Optional {
					flags |= 2
				}
				e.uint(flags)
				e.uint(uint64(fl.Ref))
				e.uint(uint64(len(fl.Values)))
				for _, v := range fl.Values {
					e.str(v)
				}
			}
		}
		e.uint(uint64(len(f.PrefixAliases)))
		for _, a := range f.PrefixAliases {
			e.str(a.Wrong)
			e.str(a.Prefix)
		}
		e.uint(uint64(len(f.DataHooks)))
		for _, h := range f.DataHooks {
			e.str(h)
		}
		e.uint(uint64(len(f.Unnamed)))
		for _, u := range f.Unnamed {
			e.str(u.Module)
			e.str(u.Event)
			e.str(u.DocsURL)
			e.str(u.Source)
		}
		e.str(f.Provenance.Date)
		e.uint(uint64(len(f.Provenance.Sources)))
		for _, src := range f.Provenance.Sources {
			e.str(src.Name)
			e.str(src.Pinned)
			e.uint(uint64(src.Facts))
		}
	}
	out := append([]byte(magic), byte(f.Version))
	out = binary.AppendUvarint(out, uint64(len(e.strs)))
	for _, s := range e.strs {
		out = binary.AppendUvarint(out, uint64(len(s)))
	}
	for _, s := range e.strs {
		out = append(out, s...)
	}
	return append(out, e.body...)
}

type encoder struct {
	index map[string]int
	strs  []string
	body  []byte
}

func (e *encoder) uint(v uint64) { e.body = binary.AppendUvarint(e.body, v) }

func (e *encoder) str(s string) {
	i, ok := e.index[s]
	if !ok {
		i = len(e.strs)
		e.index[s] = i
		e.strs = append(e.strs, s)
	}
	e.uint(uint64(i))
}

// IsBinary reports whether data starts like the binary form.
func IsBinary(data []byte) bool { return len(data) > len(magic) && string(data[:len(magic)]) == magic }

// DecodeBinary reads the binary form.
func DecodeBinary(data []byte) (*File, error) {
	if !IsBinary(data) {
		return nil, errors.New("not a binary catalog")
	}
	f := &File{Version: int(data[len(magic)])}
	if f.Version != Version {
		return f, nil // the caller reports the version mismatch
	}
	d := &decoder{data: data, pos: len(magic) + 1}
	n := d.count()
	lens := make([]int, n)
	total := 0
	for i := range lens {
		lens[i] = d.count()
		total += lens[i]
	}
	if d.err == nil && d.pos+total > len(data) {
		d.err = errors.New("string table runs past the end")
	}
	if d.err != nil {
		return nil, d.err
	}
	blob := string(data[d.pos : d.pos+total])
	d.pos += total
	d.strs = make([]string, n)
	off := 0
	for i, l := range lens {
		d.strs[i] = blob[off : off+l]
		off += l
	}
	f.Depth = d.count()
	f.Modules = make([]Module, d.count())
	for i := range f.Modules {
		m := &f.Modules[i]
		m.Name = d.str()
		m.Prefixes = make([]string, d.count())
		for j := range m.Prefixes {
			m.Prefixes[j] = d.str()
		}
		m.DocsURL, m.Status = d.str(), d.str()
	}
	f.Events = make([]Event, d.count())
	for i := range f.Events {
		v := &f.Events[i]
		v.Module, v.Event, v.Handler = d.str(), d.str(), d.str()
		if n := d.count(); n > 0 {
			v.Aliases = make([]string, n)
			for j := range v.Aliases {
				v.Aliases[j] = d.str()
			}
		}
		v.Status = d.str()
		v.Replacement, v.SunsetDate, v.Maturity, v.PayloadType = d.str(), d.str(), d.str(), d.str()
		v.Payload = d.count()
		v.Description, v.Notice, v.DocsURL, v.Source, v.Example = d.str(), d.str(), d.str(), d.str(), d.str()
	}
	f.Types = make([]Type, d.count())
	for i := range f.Types {
		t := &f.Types[i]
		t.Name = d.str()
		t.Fields = make([]Field, d.count())
		for j := range t.Fields {
			fl := &t.Fields[j]
			fl.Name, fl.Type = d.str(), d.str()
			flags := d.count()
			fl.Array, fl.Optional = flags&1 != 0, flags&2 != 0
			fl.Ref = d.count()
			if n := d.count(); n > 0 {
				fl.Values = make([]string, n)
				for k := range fl.Values {
					fl.Values[k] = d.str()
				}
			}
		}
	}
	f.PrefixAliases = make([]PrefixAlias, d.count())
	for i := range f.PrefixAliases {
		f.PrefixAliases[i] = PrefixAlias{Wrong: d.str(), Prefix: d.str()}
	}
	f.DataHooks = make([]string, d.count())
	for i := range f.DataHooks {
		f.DataHooks[i] = d.str()
	}
	if n := d.count(); n > 0 {
		f.Unnamed = make([]Unnamed, n)
		for i := range f.Unnamed {
			f.Unnamed[i] = Unnamed{Module: d.str(), Event: d.str(), DocsURL: d.str(), Source: d.str()}
		}
	}
	f.Provenance.Date = d.str()
	if n := d.count(); n > 0 {
		f.Provenance.Sources = make([]Source, n)
		for i := range f.Provenance.Sources {
			f.Provenance.Sources[i] = Source{Name: d.str(), Pinned: d.str(), Facts: d.count()}
		}
	}
	if d.err == nil && d.pos != len(data) {
		d.err = fmt.Errorf("%d trailing bytes", len(data)-d.pos)
	}
	if d.err != nil {
		return nil, d.err
	}
	return f, nil
}

type decoder struct {
	data []byte
	pos  int
	strs []string
	err  error
}

// limit bounds every count so that corrupt data cannot ask for huge slices.
const limit = 1 << 20

func (d *decoder) count() int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data[d.pos:])
	if n <= 0 {
		d.err = fmt.Errorf("bad varint at byte %d", d.pos)
		return 0
	}
	if v > limit {
		d.err = fmt.Errorf("count %d at byte %d out of range", v, d.pos)
		return 0
	}
	d.pos += n
	return int(v)
}

func (d *decoder) str() string {
	i := d.count()
	if d.err != nil {
		return ""
	}
	if i >= len(d.strs) {
		d.err = fmt.Errorf("string index %d out of range", i)
		return ""
	}
	return d.strs[i]
}
