"""Write stage: the privacy guard, verification, the no-change check, the atomic publish, release archives and deploys."""
