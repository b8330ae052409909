package guard

import (
	"errors"
	"runtime"
	"testing"
)

func TestDo(t *testing.T) {
	ran := false
	if p, v := Do(func() { ran = true }); p || v != nil || !ran {
		t.Errorf("no panic: panicked %v value %v ran %v", p, v, ran)
	}
	if p, v := Do(func() { panic("boom") }); !p || v != "boom" {
		t.Errorf("panic: panicked %v value %v", p, v)
	}
	err := errors.New("an error")
	if p, v := Do(func() { panic(err) }); !p || v != err {
		t.Errorf("panic with an error: panicked %v value %v", p, v)
	}
	var pn *runtime.PanicNilError
	if p, v := Do(func() { panic(nil) }); !p || !errors.As(v.(error), &pn) {
		t.Errorf("panic(nil): panicked %v value %#v", p, v)
	}
	// a runtime error, as a loader's nil dereference or index out of range
	if p, v := Do(func() {
		var m map[string]int
		m["x"] = 1
	}); !p || v == nil {
		t.Errorf("runtime error: panicked %v value %v", p, v)
	}
	// results assigned before the panic are kept by the caller's closure
	n := 0
	p, _ := Do(func() {
		n = 1
		panic("late")
	})
	if !p || n != 1 {
		t.Errorf("panicked %v n %d", p, n)
	}
}
