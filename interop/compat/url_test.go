package compat

import "net/url"

func urlOK(s string) bool {
	_, err := url.Parse(s)
	return err == nil
}
