"""Scaffold: the files of a new site (``init``, from the starter files in ``files/``) and of a new content file
(``newfile``), as pure functions that return the text; the commands write them without overwriting anything."""
