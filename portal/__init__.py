"""The partner portal: applications, sign-in, and partner-written pages."""
