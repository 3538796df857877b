// Types shared by main.bicep, its modules and the parameter files.

@export()
@sealed()
@description('''The Entra ID security group of each agency's data officers, by agency id (the first folder of
uploads/). The value is the group's object id, or '' while the agency has no group yet (no right is
granted then). The keys are exactly the agencies of src/MissionPipeline.Domain/Catalogue/catalogue.json
(a unit test checks it); an unknown key is a compile error.''')
type agencyGroupIds = {
  dcpaf: string
  ofii: string
  ofpra: string
  'pole-emploi': string
  insee: string
  dgt: string
  afnor: string
  dsed: string
  eurostat: string
}
