"""Load stage: read site.yaml and every file under content/ (safely: no symlink out, no FIFO, one walk, one open
per file) into plain records with the line of every value. It knows nothing about what the keys mean."""
