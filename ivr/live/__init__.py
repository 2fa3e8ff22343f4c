"""Live agent assist: a call's audio streamed by Twilio, decoded and checked while the call is on.

`protocol` reads Twilio's Media Streams messages, `tracks` orders frames and names each track's
speaker, `decode` turns frames into utterances with streaming Vosk, `rules` keeps each rule's live
state, `session` runs one stream, `board` shares live calls across processes (store or Redis),
`capacity` refuses streams beyond what the machine decodes in real time, `media` is the `/media`
WebSocket endpoint.
"""
