"""Write stage: the built files into the output folder under a lock, each moved into place after the new pages it
links to, replacing only what sitegen wrote there. It knows no template and nothing of the render stage."""
