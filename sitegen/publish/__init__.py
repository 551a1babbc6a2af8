"""Publishing: the built site mirrored to a host (``deploy`` over SFTP, ``ftps``), problems as GitHub Actions
annotations (``annotate``), and the staff's issue form and its conversion into an action file (``issueform``)."""
