"""URLs: the site's URL scheme (``scheme``), the web names of content files (``names``) and the checks every URL
passes (``safety``). Every stage asks here; this package asks nothing of any stage."""
