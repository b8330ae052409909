# Written for buildxcache's tests, not copied: registry cache experiments
# of a multi-stage build (see SOURCES.md).

test-registry-cache-max:
	docker buildx build \
		--push \
		--cache-to type=registry,ref=localhost:5000/multi-stage-test-registry-cache-max,mode=max \
		--cache-from type=registry,ref=localhost:5000/multi-stage-test-registry-cache-max,mode=max \
		-t localhost:5000/multi-stage-test-registry-max \
		.

test-registry-cache-min:
	docker buildx build \
		--push \
		--cache-to type=registry,ref=localhost:5000/multi-stage-test-registry-cache-min,mode=min \
		--cache-from type=registry,ref=localhost:5000/multi-stage-test-registry-cache-min,mode=min \
		-t localhost:5000/multi-stage-test-registry-min \
		.

prune:
	docker builder prune -af
	docker buildx prune -af
