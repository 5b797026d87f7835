"""Assistant backends: what answers the person's messages, behind one interface.

The reply never changes what is learned from a message: personalization reads the
person's own turns the same way whichever backend answers.
"""
