package refs_test

import (
	"errors"
	"fmt"

	"github.com/buildxcache/buildxcache/refs"
)

func ExampleParse() {
	r, err := refs.Parse("user/app")
	if err != nil {
		panic(err)
	}
	fmt.Println(r)
	fmt.Println(r.Qualified())
	fmt.Println(r.Domain(), r.Path(), r.Tag() == "")
	// Output:
	// user/app
	// docker.io/user/app:latest
	// docker.io user/app true
}

func ExampleParse_error() {
	_, err := refs.Parse("ghcr.io/Acme/app:cache")
	var re *refs.Error
	if errors.As(err, &re) && errors.Is(err, refs.ErrUppercase) {
		fmt.Println(re.Offset, err)
	}
	// Output:
	// 8 refs: invalid reference "ghcr.io/Acme/app:cache": repository name must be lowercase (at byte 8)
}
