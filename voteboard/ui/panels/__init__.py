"""The control window's panels: each a widget that takes the controller (or the state it
shows) in its constructor and can be tested alone by feeding it states."""
