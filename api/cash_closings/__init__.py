"""Cash closings (clôture de caisse): the HTTP shapes and the signed PDF."""
