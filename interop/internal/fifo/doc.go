// Package fifo makes named pipes for the tests that check that readers
// never block on one, on every system that has them; elsewhere Make fails
// and those tests skip.
package fifo
