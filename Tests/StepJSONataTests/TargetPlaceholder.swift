// Keeps the StepJSONataTests target buildable until it has real tests (SwiftPM needs one source file).
import Testing
