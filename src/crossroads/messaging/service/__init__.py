"""Use cases of secure messages: who may write to whom, the threads and their messages, sending
(with the risk screen, the limits and the emails that say only that a message is waiting), and
the measured reply time a profile shows."""
