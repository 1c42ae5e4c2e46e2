// Schema migrations, one file per version.
