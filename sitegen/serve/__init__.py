"""Serve: ``sitegen serve`` builds the site into a temporary folder, serves it on a local address and rebuilds it on
every save, reloading the open pages (a failed build keeps the last good site, with its problems in a banner)."""
