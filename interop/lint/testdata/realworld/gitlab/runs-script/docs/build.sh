#!/bin/sh
docker buildx build --cache-to type=local,dest=.cache --tag docs .
